package org.nerava.baseline;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Tree;
import aQute.lib.json.JSONCodec;

/**
 * The public API of one bundle as bnd's differ sees it (every exported package, type, member and its
 * {@code @ProviderType}/{@code @ConsumerType} role, with the package versions), stored as JSON in
 * {@code api-baseline/signatures/<artifact>.json}. It stands in for the released jar a baseline normally compares
 * with, which no repository holds yet; it is text, so a change to the promise shows in review.
 */
public final class ApiSignature {

    /** What is stored: the bundle, its Export-Package header (package versions) and the differ's tree of the API. */
    public static final class Stored {
        public String bsn;
        public String exportPackage;
        public Tree.Data api;
    }

    /** One exported package whose version does not match its change. */
    public record Mismatch(String packageName, String releasedVersion, String version, String suggestedVersion,
            String reason) {
        @Override
        public String toString() {
            return packageName + " " + releasedVersion + " -> " + version + ": needs at least " + suggestedVersion
                    + " (" + reason + ")";
        }
    }

    private static final JSONCodec JSON = new JSONCodec();

    private ApiSignature() {
    }

    /** The jar (or, in a reactor that has not packaged yet, the classes directory) a class was loaded from. */
    public static Jar builtJarOf(Class<?> type) throws Exception {
        File location;
        try {
            location = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Jar jar = location.isDirectory() ? new Jar(location.getName(), location) : new Jar(location);
        if (jar.getManifest() == null || jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE) == null) {
            throw new IllegalStateException(location + " has no Export-Package header: was bnd-process run?");
        }
        return jar;
    }

    public static Stored of(Jar jar) throws Exception {
        Stored stored = new Stored();
        stored.bsn = jar.getBsn();
        stored.exportPackage = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        stored.api = withoutEmptyChildren(new DiffPluginImpl().tree(jar).serialize());
        return stored;
    }

    /** Leaves without an empty {@code children} list: a third of the file, and nothing a reviewer needs. */
    private static Tree.Data withoutEmptyChildren(Tree.Data data) {
        if (data.children != null) {
            for (Tree.Data child : data.children) {
                withoutEmptyChildren(child);
            }
            if (data.children.length == 0) {
                data.children = null;
            }
        }
        return data;
    }

    public static Stored read(Path file) throws Exception {
        return JSON.dec().from(file.toFile()).get(Stored.class);
    }

    public static void write(Stored signature, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        JSON.enc().indent("  ").to(file.toFile()).put(signature).close();
    }

    /**
     * bnd's baseline of the built jar against the stored signature: every exported package whose version is lower
     * than its changes need (a removed or changed member, or a method added to a {@code @ConsumerType} interface,
     * needs the next major; an addition that keeps consumers working needs the next minor), and every exported
     * package that disappeared.
     */
    public static List<Mismatch> baseline(Jar built, Stored released) throws Exception {
        DiffPluginImpl differ = new DiffPluginImpl();
        Tree newer = differ.tree(built);
        Tree older = differ.deserialize(released.api);
        Parameters newerExports = new Parameters(built.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE));
        Parameters olderExports = new Parameters(released.exportPackage);
        try (Processor reporter = new Processor()) {
            Set<Baseline.Info> infos = new Baseline(reporter, differ).baseline(newer, newerExports, older, olderExports,
                    new Instructions("*"));
            if (!reporter.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd baseline failed: " + reporter.getErrors());
            }
            List<Mismatch> mismatches = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            for (Baseline.Info info : infos) {
                seen.add(info.packageName);
                if (info.mismatch) {
                    mismatches.add(new Mismatch(info.packageName, String.valueOf(info.olderVersion),
                            String.valueOf(info.newerVersion), String.valueOf(info.suggestedVersion),
                            info.reason == null ? String.valueOf(info.packageDiff.getDelta()) : info.reason));
                }
            }
            for (String released0 : olderExports.keySet()) {
                if (!newerExports.containsKey(released0) && !seen.contains(released0)) {
                    mismatches.add(new Mismatch(released0, olderExports.get(released0).getVersion(), "none", "removal",
                            "an exported package was removed"));
                }
            }
            return mismatches;
        }
    }
}
