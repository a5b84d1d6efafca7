package org.nerava.platform.fleet;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The nodes sharing this server's database, as they last recorded themselves; the platform provides it. */
@ProviderType
public interface Fleet {

    /** Every node seen in the last day, this one included, the most recently started first. */
    List<Node> nodes();
}
