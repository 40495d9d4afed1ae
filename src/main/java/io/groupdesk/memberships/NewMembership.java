package io.groupdesk.memberships;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;

/** A command to put an agent in a group. */
public record NewMembership(AgentId agent, GroupId group) {}
