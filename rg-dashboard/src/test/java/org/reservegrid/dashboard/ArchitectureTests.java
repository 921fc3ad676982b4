package org.reservegrid.dashboard;

import static com.tngtech.archunit.lang.conditions.ArchConditions.haveAnyDependenciesThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * rg-dashboard's feature packages form no cycles and use one another only through what each offers.
 * What counts as a feature package's internals: docs/architecture.md, "Guards".
 */
class ArchitectureTests {
    private static final String BASE = "org.reservegrid.dashboard";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void featurePackagesUseNoOtherFeaturesSubpackages() {
        noClasses()
                .should(haveAnyDependenciesThat(reachIntoAnotherFeaturesSubpackage()))
                .check(CLASSES);
    }

    /** Feature {@code b} offers the classes directly in {@code BASE.b}; {@code BASE.b.x} is b's own. */
    private static DescribedPredicate<Dependency> reachIntoAnotherFeaturesSubpackage() {
        return DescribedPredicate.describe("reach into another feature package's subpackages", dependency -> {
            String target = dependency.getTargetClass().getPackageName();
            if (!target.startsWith(BASE + ".")) {
                return false;
            }
            String[] feature = target.substring(BASE.length() + 1).split("\\.");
            String origin = dependency.getOriginClass().getPackageName() + ".";
            return feature.length > 1 && !origin.startsWith(BASE + "." + feature[0] + ".");
        });
    }
}
