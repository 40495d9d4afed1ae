package io.groupdesk;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.groupdesk.shared.Transactions;

/** The package rules of the house style, checked on the production classes so they cannot drift. */
@AnalyzeClasses(packages = "io.groupdesk", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] FEATURES = {
        "io.groupdesk.accounts..",
        "io.groupdesk.agents..",
        "io.groupdesk.groups..",
        "io.groupdesk.memberships..",
        "io.groupdesk.access..",
        "io.groupdesk.credentials..",
        "io.groupdesk.jobs..",
        "io.groupdesk.idempotency..",
        "io.groupdesk.bulk..",
        "io.groupdesk.rosters..",
        "io.groupdesk.events..",
        "io.groupdesk.webhooks..",
        "io.groupdesk.scim..",
        "io.groupdesk.shared.." // last: sharedDependsOnNoFeature reads the ones before it
    };

    @ArchTest
    static final ArchRule featuresDoNotDependOnTheApi = noClasses()
            .that()
            .resideInAnyPackage(FEATURES)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.groupdesk.api..")
            .allowEmptyShould(true);

    // adapters only translate: a transaction, and any database type, belongs to the core call the handler makes
    @ArchTest
    static final ArchRule adaptersHoldNoTransactions = noClasses()
            .that()
            .resideInAPackage("io.groupdesk.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.jdbi..")
            .orShould()
            .dependOnClassesThat()
            .belongToAnyOf(Transactions.class);

    // each top-level package may lean on the ones below it, never on one that leans back on it
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("io.groupdesk.(*)..").should().beFreeOfCycles();

    // ids and roles are shared by every feature, so a feature needs no other feature to name what it points at
    @ArchTest
    static final ArchRule sharedDependsOnNoFeature = noClasses()
            .that()
            .resideInAPackage("io.groupdesk.shared..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(java.util.Arrays.copyOf(FEATURES, FEATURES.length - 1));

    // authorization says who may do what; it knows nothing of how a caller proved who they are
    @ArchTest
    static final ArchRule authorizationKnowsNoCredentials = noClasses()
            .that()
            .resideInAPackage("io.groupdesk.access..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.groupdesk.credentials..");

    @ArchTest
    static final ArchRule featuresDoNotDependOnWebOrWireFormatLibraries = noClasses()
            .that()
            .resideInAnyPackage(FEATURES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.javalin..",
                    "jakarta.servlet..",
                    "javax.servlet..",
                    "org.eclipse.jetty..",
                    "tools.jackson..",
                    "com.fasterxml.jackson..",
                    "jakarta.xml.bind..")
            .allowEmptyShould(true);

    // STYLE rule 2: code two dialects share lives in an explicit shared adapter package such as api.zendeskcommon
    @ArchTest
    static final ArchRule dialectsDoNotDependOnEachOther = slices().matching("io.groupdesk.api.(*)..")
            .should()
            .notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage("io.groupdesk.api.*common.."))
            .allowEmptyShould(true);

    // health, metrics and request ids know the database's pool and the dialects' names, nothing of the core or the API
    @ArchTest
    static final ArchRule observabilityDependsOnNeitherTheCoreNorTheDialects = noClasses()
            .that()
            .resideInAPackage("io.groupdesk.observability..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES)
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("io.groupdesk.api..");

    @ArchTest
    static final ArchRule jdbcRepositoriesAreNotPublic = classes()
            .that()
            .haveSimpleNameStartingWith("Jdbc")
            .and()
            .haveSimpleNameEndingWith("Repository")
            .should()
            .notBePublic();
}
