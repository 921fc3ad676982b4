package org.reservegrid.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** reservegrid-common is a shared library: no Spring, no service modules, no package cycles. */
class ArchitectureTests {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.reservegrid.common");

    @Test
    void staysFreeOfSpringAndOfServiceModules() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.reservegrid.spring..",
                        "org.reservegrid.verifier..",
                        "org.reservegrid.templates..",
                        "org.reservegrid.gateway..",
                        "org.reservegrid.protocol..",
                        "org.reservegrid.sv2..")
                .check(classes);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("org.reservegrid.common.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }
}
