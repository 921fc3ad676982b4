package org.reservegrid.feedserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Feature packages form no cycles; the broadcaster and the upstreams know nothing of the WebSocket endpoint or the
 * tokens, and the frame path never touches Spring's web layer. docs/architecture.md, "Guards".
 */
class ArchitectureTests {
    private static final String BASE = "org.reservegrid.feedserver";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void broadcastingDoesNotDependOnTheEndpointOrTheUpstreams() {
        noClasses()
                .that()
                .resideInAPackage(BASE + ".broadcast..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        BASE + ".ws..", BASE + ".upstream..", BASE + ".tokens..", "org.springframework.web..")
                .check(CLASSES);
    }

    @Test
    void upstreamsDoNotKnowSubscribers() {
        noClasses()
                .that()
                .resideInAPackage(BASE + ".upstream..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(BASE + ".ws..", BASE + ".tokens..", "org.springframework.web..")
                .check(CLASSES);
    }
}
