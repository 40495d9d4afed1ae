package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v2/groupdesk/account}, a Groupdesk extension: the account's name, time zone and working hours (the
 * fallbacks of groups without their own) and its settings, such as {@code usedesk.numeric_values}.
 */
final class ZendeskAccountController {
    private final AccountService accounts;
    private final ZendeskJson json;

    ZendeskAccountController(AccountService accounts, ZendeskJson json) {
        this.accounts = accounts;
        this.json = json;
    }

    void show(Context ctx, Caller caller) {
        send(ctx, caller, accounts.get(caller));
    }

    void update(Context ctx, Caller caller) {
        JsonNode account = json.readObject(ctx).get("account");
        if (account == null || !account.isObject()) {
            throw ValidationException.of(
                    "base", Rule.BLANK, "The request body must wrap the fields: {\"account\": {...}}");
        }
        JsonNode settings = account.get("settings");
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw ValidationException.of("settings", Rule.INVALID, "must be an object of names and values");
        }
        Map<String, Optional<String>> settingChanges = new LinkedHashMap<>();
        if (settings != null && settings.isObject()) {
            for (Map.Entry<String, JsonNode> setting : settings.properties()) {
                JsonNode value = setting.getValue();
                settingChanges.put(setting.getKey(), value.isNull() ? Optional.empty() : Optional.of(value.asString()));
            }
        }
        Account updated = accounts.change(
                caller,
                new AccountService.Changes(
                        settingChanges,
                        ZendeskFields.text(account, "name"),
                        ZendeskFields.text(account, "time_zone"),
                        ZendeskWorkingHours.read(account, "working_hours")));
        send(ctx, caller, updated);
    }

    private void send(Context ctx, Caller caller, Account account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", account.id().value());
        body.put("subdomain", account.subdomain());
        body.put("name", account.name());
        body.put("time_zone", account.timeZone());
        body.put("working_hours", ZendeskWorkingHours.json(account.workingHours()));
        body.put("settings", accounts.settings(caller));
        body.put("created_at", ZendeskJson.timestamp(account.createdAt()));
        body.put("updated_at", ZendeskJson.timestamp(account.updatedAt()));
        json.send(ctx, 200, ZendeskJson.object("account", body));
    }
}
