package org.reservegrid.noderpc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** rg-node-rpc is a library: no Spring (services wire it), no service module, no logging of its own. */
class ArchitectureTests {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.reservegrid.noderpc");

    @Test
    void knowsNoSpringAndNoService() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.reservegrid.spring..",
                        "org.reservegrid.templates..",
                        "org.reservegrid.feedserver..",
                        "org.reservegrid.testkit..")
                .check(CLASSES);
    }

    @Test
    void logsNothingSoNoCredentialCanReachALog() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.slf4j..")
                .check(CLASSES);
    }
}
