import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The images' health check and one helper, in plain JDK code because the JRE image has no curl or wget and a
 * static busybox would be a second, unpinned binary to trust. Compiled into every image at /opt/reservegrid/probe.
 *
 * <pre>
 *   java -cp /opt/reservegrid/probe HealthProbe PORT [PATH]     GET http(s)://127.0.0.1:PORT/ready (or PATH):
 *                                                               exit 0 on 200, 1 otherwise (status and body printed)
 *   java -cp /opt/reservegrid/probe HealthProbe --field NAME URL  print the JSON string member NAME of URL's answer
 *                                                               (test-miner reads the gateway's authority key so)
 * </pre>
 *
 * <p>The scheme is https when {@code VELDRA_TLS_MODE} is set and not {@code off}, as the service itself decides. The
 * probe only asks a service on its own loopback whether it is ready, so it accepts any certificate there (a
 * self-signed or operator certificate does not name 127.0.0.1); it is never pointed at another host with TLS.
 */
public final class HealthProbe {
    private static final int TIMEOUT_MILLIS = 4000;

    private HealthProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--field")) {
            System.exit(printField(args[1], URI.create(args[2])));
        }
        if (args.length < 1 || args.length > 2 || !args[0].matches("[0-9]{1,5}")) {
            System.err.println("usage: HealthProbe PORT [PATH] | HealthProbe --field NAME URL");
            System.exit(2);
        }
        String path = args.length == 2 ? args[1] : "/ready";
        String scheme = tlsOn(System.getenv("VELDRA_TLS_MODE")) ? "https" : "http";
        System.exit(probe(URI.create(scheme + "://127.0.0.1:" + args[0] + path)));
    }

    static boolean tlsOn(String mode) {
        return mode != null && !mode.isBlank() && !mode.strip().toLowerCase(Locale.ROOT).equals("off");
    }

    static int probe(URI uri) throws Exception {
        try {
            Answer response = send(uri);
            String body = response.body();
            System.out.println(
                    uri + " answered " + response.statusCode() + ": " + body.substring(0, Math.min(body.length(), 300)));
            return response.statusCode() == 200 ? 0 : 1;
        } catch (java.io.IOException e) {
            System.out.println(uri + " did not answer: " + e);
            return 1;
        }
    }

    static int printField(String name, URI uri) throws Exception {
        Answer response = send(uri);
        Matcher member = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(response.body());
        if (response.statusCode() != 200 || !member.find()) {
            System.err.println(uri + " answered " + response.statusCode() + " without a string member " + name);
            return 1;
        }
        System.out.println(member.group(1));
        return 0;
    }

    /** A status and a body. (HttpURLConnection, not HttpClient: only it lets a caller skip hostname checks.) */
    record Answer(int statusCode, String body) {}

    private static Answer send(URI uri) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(acceptingAnyCertificate().getSocketFactory());
            https.setHostnameVerifier((host, session) -> true);
        }
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setInstanceFollowRedirects(false);
        try {
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = stream == null ? "" : new String(stream.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return new Answer(status, body);
        } finally {
            connection.disconnect();
        }
    }

    private static SSLContext acceptingAnyCertificate() throws Exception {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {any}, new SecureRandom());
        return context;
    }
}
