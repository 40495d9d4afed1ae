package io.groupdesk.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which endpoints a webhook may reach: http and https URLs whose host is neither named by nor resolves to an address
 * of the server's own networks (loopback, private, link-local, unique local, carrier-grade NAT, multicast,
 * unspecified, reserved, and the IPv4 forms embedded in IPv6 addresses), unless the operator allows private targets.
 * Checked when a webhook is saved or tested, and again before each delivery, since a name may resolve elsewhere later.
 */
public final class TargetCheck {
    private final boolean allowPrivate;
    private final Resolver resolver;

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public TargetCheck(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    TargetCheck(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Why an endpoint's URL is not one a webhook may have, whatever it resolves to; empty when it is. */
    public static Optional<String> malformed(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not hold credentials; use authentication");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        return Optional.empty();
    }

    /** Why a webhook may not reach this endpoint (malformed, or an address it may not reach); empty when it may. */
    public Optional<String> refusal(String endpoint) {
        Optional<String> malformed = malformed(endpoint);
        if (malformed.isPresent() || allowPrivate) {
            return malformed;
        }
        String host = URI.create(endpoint).getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("resolves to an address webhooks may not reach (loopback, private, link-local,"
                        + " multicast or reserved)");
            }
        }
        return Optional.empty();
    }

    /** Whether an address belongs to the server's own networks or to no one. */
    static boolean isInternal(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isInternalV4(v4.getAddress());
        }
        byte[] v6 = ((Inet6Address) address).getAddress();
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        int first = v6[0] & 0xff;
        if ((first & 0xfe) == 0xfc) { // fc00::/7, unique local
            return true;
        }
        // IPv4 inside IPv6: mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16
        if (zero(v6, 0, 10) && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
            return isInternalV4(slice(v6, 12));
        }
        if (zero(v6, 0, 12)) {
            return isInternalV4(slice(v6, 12));
        }
        if (first == 0x00
                && (v6[1] & 0xff) == 0x64
                && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b
                && zero(v6, 4, 12)) {
            return isInternalV4(slice(v6, 12));
        }
        if (first == 0x20 && (v6[1] & 0xff) == 0x02) {
            return isInternalV4(slice(v6, 2));
        }
        return false;
    }

    private static boolean isInternalV4(byte[] v4) {
        int a = v4[0] & 0xff;
        int b = v4[1] & 0xff;
        return a == 0 // "this network", 0.0.0.0
                || a == 10
                || a == 127
                || (a == 100 && b >= 64 && b <= 127) // carrier-grade NAT
                || (a == 169 && b == 254)
                || (a == 172 && b >= 16 && b <= 31)
                || (a == 192 && b == 168)
                || (a == 192 && b == 0 && (v4[2] & 0xff) == 0) // IETF protocol assignments
                || (a == 198 && (b == 18 || b == 19)) // benchmarking
                || a >= 224; // multicast, reserved, broadcast
    }

    private static boolean zero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] bytes, int from) {
        return new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]};
    }
}
