package org.reservegrid.spring.bind;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.ResolvableType;

/** The one bind customizer: the bind guard first, then the service's address and port on the HTTP server. */
class HttpBindAutoConfigurationTests {
    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpBindAutoConfiguration.class));

    @Test
    void appliesTheServicesAddressAndPort() {
        runner.withBean(HttpBind.class, () -> new HttpBind("VELDRA_EXAMPLE_BIND", loopback(), 18_081))
                .run(context -> {
                    NettyReactiveWebServerFactory factory =
                            customized(context.getBean(customizerName(context), WebServerFactoryCustomizer.class));
                    assertThat(factory.getAddress()).isEqualTo(loopback());
                    assertThat(factory.getPort()).isEqualTo(18_081);
                });
    }

    @Test
    void refusesANonLoopbackAddressWithoutTheOptIn() {
        runner.withBean(HttpBind.class, () -> new HttpBind("VELDRA_EXAMPLE_BIND", anyAddress(), 0))
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining("VELDRA_EXAMPLE_BIND")
                        .hasMessageContaining("VELDRA_ALLOW_NON_LOOPBACK=1"));
    }

    @Test
    void acceptsANonLoopbackAddressWithTheOptIn() {
        runner.withBean(HttpBind.class, () -> new HttpBind("VELDRA_EXAMPLE_BIND", anyAddress(), 0))
                .withPropertyValues("VELDRA_ALLOW_NON_LOOPBACK=1")
                .run(context -> {
                    NettyReactiveWebServerFactory factory =
                            customized(context.getBean(customizerName(context), WebServerFactoryCustomizer.class));
                    assertThat(factory.getAddress()).isEqualTo(anyAddress());
                });
    }

    @Test
    void aServiceWithoutAnHttpBindKeepsBootsDefaults() {
        runner.run(context -> assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(
                        WebServerFactoryCustomizer.class, NettyReactiveWebServerFactory.class)))
                .isEmpty());
    }

    private static String customizerName(org.springframework.context.ApplicationContext context) {
        String[] names = context.getBeanNamesForType(ResolvableType.forClassWithGenerics(
                WebServerFactoryCustomizer.class, NettyReactiveWebServerFactory.class));
        assertThat(names).hasSize(1);
        return names[0];
    }

    @SuppressWarnings("unchecked")
    private static NettyReactiveWebServerFactory customized(WebServerFactoryCustomizer<?> customizer) {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
        ((WebServerFactoryCustomizer<NettyReactiveWebServerFactory>) customizer).customize(factory);
        return factory;
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByName("0.0.0.0");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
