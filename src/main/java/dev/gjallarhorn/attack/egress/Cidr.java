package dev.gjallarhorn.attack.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block, {@code 192.168.5.2/32} or {@code fd00::/8} (a bare address is a single host). Literal addresses only. */
public record Cidr(byte[] address, int prefix) {

    public static Cidr parse(String text) {
        String[] parts = text.trim().split("/", 2);
        try {
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not an address literal: " + text);
            }
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
            return new Cidr(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address block: " + text, e);
        }
    }

    public boolean contains(InetAddress candidate) {
        byte[] other = candidate.getAddress();
        if (other.length != address.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (other[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** This block lies inside {@code outer}. */
    public boolean within(Cidr outer) {
        if (outer.address.length != address.length || prefix < outer.prefix) {
            return false;
        }
        try {
            return outer.contains(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
