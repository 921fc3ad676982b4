package org.reservegrid.deploysuite;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The suite has only test code, so the rules of docs/architecture.md ("Guards") that concern main code have nothing
 * to check here. What it must keep: it sees the deployment as an operator's tools do (docker-compose, promtool,
 * Prometheus, helm) and the stack through scripts/rg and HTTP, so it uses no class of any service.
 */
class ArchitectureTests {
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("org.reservegrid.deploysuite");

    @Test
    void drivesTheStackFromOutsideOnly() {
        noClasses()
                .that()
                .resideInAPackage("org.reservegrid.deploysuite..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.reservegrid.auth..",
                        "org.reservegrid.dashboard..",
                        "org.reservegrid.demofeed..",
                        "org.reservegrid.feedadapter..",
                        "org.reservegrid.verifier..",
                        "org.reservegrid.templates..",
                        "org.reservegrid.gateway..",
                        "org.reservegrid.testminer..")
                .check(CLASSES);
    }
}
