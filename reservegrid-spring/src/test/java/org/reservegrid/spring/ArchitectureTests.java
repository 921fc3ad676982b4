package org.reservegrid.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** reservegrid-spring is shared glue: it knows reservegrid-common and Spring, never a service, and has no cycles. */
class ArchitectureTests {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.reservegrid.spring");

    @Test
    void dependsOnNoServiceModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.reservegrid.verifier..",
                        "org.reservegrid.templates..",
                        "org.reservegrid.gateway..",
                        "org.reservegrid.demofeed..",
                        "org.reservegrid.feedadapter..",
                        "org.reservegrid.protocol..",
                        "org.reservegrid.sv2..")
                .check(classes);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("org.reservegrid.spring.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }
}
