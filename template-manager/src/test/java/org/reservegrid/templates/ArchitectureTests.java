package org.reservegrid.templates;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Feature packages form no cycles, and only the wiring (root package and api) knows Spring. */
class ArchitectureTests {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.reservegrid.templates");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.reservegrid.templates.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void theFeaturePackagesDoNotDependOnSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.reservegrid.templates.node..",
                        "org.reservegrid.templates.template..",
                        "org.reservegrid.templates.verifier..",
                        "org.reservegrid.templates.settings..",
                        "org.reservegrid.templates.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(CLASSES);
    }
}
