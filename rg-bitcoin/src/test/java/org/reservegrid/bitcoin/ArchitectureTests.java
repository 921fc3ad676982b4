package org.reservegrid.bitcoin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** rg-bitcoin is a shared library like bitcoinj's base module: the JDK and nothing else, no package cycles. */
class ArchitectureTests {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.reservegrid.bitcoin");

    @Test
    void dependsOnTheJdkAloneSoNoSpringNoNettyAndNoServiceModule() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.reservegrid.bitcoin..", "org.jspecify.annotations..")
                .check(classes);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("org.reservegrid.bitcoin.(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }
}
