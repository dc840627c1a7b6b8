package dev.gjallarhorn.attack.syncgate;

import static dev.gjallarhorn.attack.syncgate.LimactlShim.INSTANCE;

import dev.gjallarhorn.remote.SshEndpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of the files {@link LimactlShim} writes, each in the shape real Lima (or ssh) gives it: the instance's
 * ssh config, {@code limactl show-ssh} and {@code limactl list --json} output, known_hosts lines and the generated
 * instance file. Pure functions of the endpoint and paths.
 */
final class LimaShimFiles {

    private LimaShimFiles() {
    }

    /**
     * {@code Host lima-openclaw-sandbox}, pinned: the instance's {@code ssh.config} ({@code sshConfigFile}), which
     * {@code limactl shell} here connects with. Field names as Lima writes them ({@code Hostname}).
     */
    static String sshConfig(SshEndpoint endpoint, Path identity, Path knownHosts) {
        return "# gjallarhorn: the run's target as Lima's instance " + INSTANCE + "; host key pinned\n"
                + "Host lima-" + INSTANCE + "\n"
                + "  Hostname " + endpoint.host() + "\n"
                + "  Port " + endpoint.port() + "\n"
                + "  User " + endpoint.user() + "\n"
                + "  IdentityFile \"" + identity.toAbsolutePath() + "\"\n"
                + "  IdentitiesOnly yes\n"
                + "  StrictHostKeyChecking yes\n"
                + "  UserKnownHostsFile \"" + knownHosts + "\"\n"
                + "  GlobalKnownHostsFile /dev/null\n"
                + "  BatchMode yes\n"
                + "  LogLevel ERROR\n";
    }

    /**
     * What real {@code limactl show-ssh --format=config NAME} prints (stdout), for the run's endpoint: {@code Host
     * lima-NAME}, then one {@code "  Key value"} line per option in the order Lima builds them (lima-vm/lima
     * {@code pkg/sshutil/sshutil.go} CommonOpts then SSHOpts; {@code cmd/limactl/show-ssh.go} appends Hostname and
     * Port; {@code pkg/sshutil/format.go} FormatConfig writes them). Lima's own host-key options are printed as Lima
     * prints them; {@code bin/ssh} overrides them with the pin whatever a gate passes.
     *
     * @param controlPath where Lima would keep the control socket (inside the shim's directory)
     */
    static String showSshConfig(SshEndpoint endpoint, Path identity, Path controlPath) {
        return "Host lima-" + INSTANCE + "\n"
                + "  IdentityFile \"" + identity.toAbsolutePath() + "\"\n"
                + "  StrictHostKeyChecking no\n"
                + "  UserKnownHostsFile /dev/null\n"
                + "  NoHostAuthenticationForLocalhost yes\n"
                + "  GSSAPIAuthentication no\n"
                + "  PreferredAuthentications publickey\n"
                + "  Compression no\n"
                + "  BatchMode yes\n"
                + "  IdentitiesOnly yes\n"
                + "  Ciphers \"^aes128-gcm@openssh.com,aes256-gcm@openssh.com\"\n"
                + "  User " + endpoint.user() + "\n"
                + "  ControlMaster auto\n"
                + "  ControlPath \"" + controlPath + "\"\n"
                + "  ControlPersist yes\n"
                + "  Hostname " + endpoint.host() + "\n"
                + "  Port " + endpoint.port() + "\n";
    }

    /**
     * What real {@code limactl list --json NAME} prints for a running instance: one compact JSON object and a
     * newline, the keys Lima's {@code Instance} has (lima-vm/lima {@code pkg/limatype/lima_instance.go}) in its
     * order, those this shim can answer truthfully: name, hostname, status, dir, vmType, arch, sshLocalPort,
     * sshConfigFile, sshAddress, protected, limaVersion (empty: the shim is no Lima release).
     */
    static String listJson(SshEndpoint endpoint, Path dir, Path sshConfigFile) {
        return "{\"name\":" + json(INSTANCE) + ",\"hostname\":" + json("lima-" + INSTANCE) + ",\"status\":\"Running\",\"dir\":" + json(dir.toString())
                + ",\"vmType\":\"qemu\",\"arch\":" + json(arch()) + ",\"sshLocalPort\":" + endpoint.port() + ",\"sshConfigFile\":"
                + json(sshConfigFile.toString()) + ",\"sshAddress\":" + json(endpoint.host()) + ",\"protected\":false,\"limaVersion\":\"\"}\n";
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "x86_64");
        return arch.equals("amd64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** known_hosts lines for the endpoint ({@code [host]:port TYPE BASE64}, plain host for port 22). */
    static String knownHosts(SshEndpoint endpoint, List<String> hostKeys) {
        String host = endpoint.port() == 22 ? endpoint.host() : "[" + endpoint.host() + "]:" + endpoint.port();
        StringBuilder out = new StringBuilder();
        for (String line : hostKeys) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2) {
                out.append(host).append(' ').append(parts[0]).append(' ').append(parts[1]).append('\n');
            }
        }
        return out.toString();
    }

    /** Lima's generated instance file as far as the gate reads it: the host location of {@code /mnt/openclaw}. */
    static String generatedYaml(String token, Path hostCheckout) {
        return "# written by gjallarhorn for run " + token + ": the gate only ever runs with --dry-run here, and\n"
                + "# /mnt/openclaw's location is a scratch directory of this run, not the user's checkout\n"
                + "mounts:\n"
                + "  - location: \"" + hostCheckout + "\"\n"
                + "    mountPoint: \"/mnt/openclaw\"\n"
                + "    writable: false\n";
    }
}
