package io.groupdesk.memberships;

import io.groupdesk.agents.AgentId;
import io.groupdesk.groups.GroupId;

/** A command to put an agent in a group. */
public record NewMembership(AgentId agent, GroupId group) {}
