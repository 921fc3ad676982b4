package org.reservegrid.spring.bind;

import org.reservegrid.common.net.BindGuard;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds every reactive service's HTTP server where its {@link HttpBind} says, after {@link BindGuard} accepted the
 * address ({@code VELDRA_ALLOW_NON_LOOPBACK} read from the same environment as the service's settings). A refusal
 * is a {@link org.reservegrid.common.config.ConfigException} naming the address variable, so start-up ends with
 * the one-line configuration error.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBean(HttpBind.class)
public class HttpBindAutoConfiguration {

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> reservegridHttpBind(
            HttpBind bind, Environment environment) {
        BindGuard guard = BindGuard.fromEnv(VeldraEnvironment.read(environment));
        guard.check(bind.addressSetting(), bind.address().getHostAddress());
        return factory -> {
            factory.setAddress(bind.address());
            factory.setPort(bind.port());
        };
    }
}
