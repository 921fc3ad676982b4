package org.reservegrid.sri;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The interop suite has only test code, so the rules of docs/architecture.md ("Guards") that concern main code have
 * nothing to check here. What it must keep: it tests the gateway as the SRI peers see it, over the wire against the
 * packaged process, so it uses no sv2-gateway class.
 */
class ArchitectureTests {
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("org.reservegrid.sri");

    @Test
    void drivesTheGatewayOverTheWireOnly() {
        noClasses()
                .that()
                .resideInAPackage("org.reservegrid.sri..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.reservegrid.gateway..")
                .check(CLASSES);
    }
}
