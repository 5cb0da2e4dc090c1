package io.quire.server.books;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where webhooks may point. A server that POSTs to addresses its users choose must not become their way into the
 * network behind it (cloud metadata at 169.254.169.254, an admin port on localhost), so by default a webhook whose
 * host is or resolves to a loopback, private, link-local, unique-local or multicast address is refused when it is
 * registered. {@code --allow-private-webhooks} lifts this for servers whose receivers live inside their network.
 * Only registration is checked: a name that later resolves elsewhere (DNS rebinding) is not caught.
 */
public final class WebhookTargets {
    private final boolean allowPrivate;

    public WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public static WebhookTargets publicOnly() {
        return new WebhookTargets(false);
    }

    /** Refuses a URL whose host is not a public address (unless private ones are allowed). */
    void check(String url) {
        if (allowPrivate) {
            return;
        }
        String host = URI.create(url.trim()).getHost();
        if (host == null) {
            return; // the webhook's own validation says what is wrong with it
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw BookException.badRequest("the webhook's host \"" + host + "\" does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw BookException.badRequest("the webhook's host \"" + host + "\" is a private address ("
                        + address.getHostAddress() + "); webhooks go to public hosts unless the server runs with "
                        + "--allow-private-webhooks");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xFE) == 0xFC; // fc00::/7, unique local
        }
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        return first == 0 || (first == 100 && second >= 64 && second <= 127); // "this network", carrier-grade NAT
    }
}
