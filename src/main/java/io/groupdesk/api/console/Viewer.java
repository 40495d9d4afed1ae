package io.groupdesk.api.console;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.agents.Agent;

/**
 * The signed-in agent looking at a page: the core caller every service call is made as, the agent and its account as
 * stored now, and the CSRF token the page's forms must carry.
 */
record Viewer(Caller caller, Agent agent, Account account, String csrf) {
    boolean isAdmin() {
        return caller.isAdmin();
    }
}
