package io.groupdesk.api.contract;

import io.groupdesk.testing.AppExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GroupsContract} through the ZendeskJson dialect. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskJsonGroupsContractTest extends GroupsContract {
    @Override
    GroupsDialectDriver driver(AppExtension app) {
        return new ZendeskJsonDialectDriver(app.http());
    }
}
