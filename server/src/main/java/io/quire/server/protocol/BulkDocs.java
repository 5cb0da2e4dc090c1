package io.quire.server.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of a bulk request ({@code bf}, {@code bs}, {@code bu}), field {@code b}, in one of two forms.
 * The client sends a bulk only for two or more documents of one collection; a single one goes as plain
 * {@code f}/{@code s}/{@code u}.
 */
public sealed interface BulkDocs permits BulkDocs.IdList, BulkDocs.VersionMap {

    /** The document ids, in the order the client sent them. */
    List<String> ids();

    /**
     * {@code "b": ["ch1", "ch2"]}: documents the client has no version of. Fetch and subscribe answer with
     * their snapshots; unsubscribe always uses this form.
     */
    record IdList(List<String> ids) implements BulkDocs {
        public IdList {
            ids = List.copyOf(ids);
        }
    }

    /**
     * {@code "b": {"ch1": 3, "ch2": 0}}: documents the client holds at a version. Fetch and subscribe answer
     * with the ops since each version, then a reply echoing {@code b}.
     */
    record VersionMap(Map<String, Long> versions) implements BulkDocs {
        public VersionMap {
            versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        }

        @Override
        public List<String> ids() {
            return List.copyOf(versions.keySet());
        }
    }
}
