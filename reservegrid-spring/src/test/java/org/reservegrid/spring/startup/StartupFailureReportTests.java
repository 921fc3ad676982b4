package org.reservegrid.spring.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.net.BindGuard;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Real applications that fail to start: the report names the problem and the fix, never with a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

    @Configuration(proxyBeanMethods = false)
    static class GuardedBind {
        @Bean
        InetAddress bindAddress(Environment environment) {
            return BindGuard.fromEnv(new EnvConfig(java.util.Map.of()))
                    .check("VELDRA_DEMO_BIND", environment.getProperty("VELDRA_DEMO_BIND", "127.0.0.1"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listener {
        @Bean(destroyMethod = "close")
        ServerSocket listener(Environment environment) throws IOException {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), environment.getRequiredProperty("demo.port", Integer.class)));
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return socket;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExplainedListener {
        @Bean(destroyMethod = "close")
        ServerSocket listener(Environment environment) throws IOException {
            int port = environment.getRequiredProperty("demo.port", Integer.class);
            try {
                return new Listener().listener(environment);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot bind the demo port 127.0.0.1:" + port + ": " + e.getMessage(), e);
            }
        }
    }

    /** A Netty listener started as a lifecycle bean, as the verifier's TCP server and the gateway's SV2 server are. */
    @Configuration(proxyBeanMethods = false)
    static class NettyListener {
        @Bean
        SmartLifecycle nettyListener(Environment environment) {
            int port = environment.getRequiredProperty("demo.port", Integer.class);
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
                    try {
                        // Netty rethrows the checked BindException without declaring it.
                        new ServerBootstrap()
                                .group(group)
                                .channel(NioServerSocketChannel.class)
                                .childHandler(new ChannelInboundHandlerAdapter())
                                .bind(InetAddress.getLoopbackAddress(), port)
                                .syncUninterruptibly();
                    } finally {
                        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
                    }
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }
            };
        }
    }

    private static Throwable startFailure(Class<?> configuration, String... args) {
        return catchThrowable(() -> new SpringApplicationBuilder(configuration)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "spring.application.name=demo")
                .run(args)
                .close());
    }

    @Test
    void aBindGuardRefusalIsReportedWithTheVariableToFix(CapturedOutput output) {
        Throwable failure = startFailure(GuardedBind.class, "--VELDRA_DEMO_BIND=10.1.2.3");

        assertThat(failure).rootCause().isInstanceOf(ConfigException.class);
        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid configuration: VELDRA_DEMO_BIND would bind the non-loopback address 10.1.2.3")
                .contains("Fix VELDRA_DEMO_BIND in the environment and start demo again.")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadLogFormatIsReportedAlthoughNoContextExistsYet(CapturedOutput output) {
        Throwable failure = startFailure(GuardedBind.class, "--VELDRA_LOG_FORMAT=xml");

        assertThat(failure).isInstanceOf(ConfigException.class);
        assertThat(output.getOut())
                .contains("Invalid configuration: VELDRA_LOG_FORMAT must be json or text, got 'xml'")
                .contains("Fix VELDRA_LOG_FORMAT in the environment and start the service again.")
                .doesNotContain("\tat ");
    }

    /** Starts the configuration while another socket holds {@code demo.port}; returns that port. */
    private static int startOnATakenPort(Class<?> configuration) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            startFailure(configuration, "--demo.port=" + taken.getLocalPort());
            return taken.getLocalPort();
        }
    }

    @Test
    void aTakenPortIsReportedWithTheBeanThatWantedIt(CapturedOutput output) throws IOException {
        startOnATakenPort(Listener.class);

        assertThat(output.getOut())
                .contains("A port is not available: bean 'listener': ")
                .contains("Stop the process that holds the port or configure another one, then start demo again.")
                .doesNotContain("\tat ");
    }

    @Test
    void aTakenPortIsReportedInTheListenersOwnWords(CapturedOutput output) throws IOException {
        int port = startOnATakenPort(ExplainedListener.class);

        assertThat(output.getOut())
                .contains("A port is not available: cannot bind the demo port 127.0.0.1:" + port + ": ")
                .doesNotContain("\tat ");
    }

    @Test
    void aTakenPortOfALifecycleListenerNamesTheBean(CapturedOutput output) throws IOException {
        startOnATakenPort(NettyListener.class);

        assertThat(output.getOut())
                .contains("A port is not available: Failed to start bean 'nettyListener': ")
                .doesNotContain("\tat ");
    }

    @Test
    void theAnalyzersWorkWithoutAnEnvironment() {
        ConfigException bad = new ConfigException("VELDRA_X", "is bad");

        assertThat(new ConfigFailureAnalyzer(null)
                        .analyze(new IllegalStateException(bad))
                        .getAction())
                .isEqualTo("Fix VELDRA_X in the environment and start the service again.");
        assertThat(new PortInUseFailureAnalyzer(null).analyze(new java.net.BindException("Address already in use")))
                .satisfies(analysis -> assertThat(analysis.getDescription())
                        .isEqualTo("A port is not available: Address already in use"));
    }
}
