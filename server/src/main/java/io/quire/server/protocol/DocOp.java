package io.quire.server.protocol;

import io.quire.ot.Delta;

import java.util.Objects;

/**
 * What a submitted or broadcast op does to its document: exactly one of create, edit or delete, which the wire
 * format spells as one of three fields of the {@code op} message.
 *
 * <pre>
 *   create: "create": {"type": "http://sharejs.org/types/rich-text/v1", "data": {"ops": [{"insert": "Hello\n"}]}}
 *   edit:   "op": {"ops": [{"retain": 5}, {"insert": "!"}]}
 *   delete: "del": true
 * </pre>
 */
public sealed interface DocOp permits DocOp.Create, DocOp.Edit, DocOp.Delete {

    /**
     * Creates the document with initial contents. The client may name the type {@code "rich-text"} or by URI and
     * may leave {@code data} out (an empty document); the server only creates rich-text documents and always
     * writes the URI.
     *
     * @param data the initial contents: a document, i.e. inserts only
     */
    record Create(Delta data) implements DocOp {
        public Create {
            Objects.requireNonNull(data, "data");
            if (!data.isDocument()) {
                throw new IllegalArgumentException("create data must be inserts only, got " + data);
            }
        }

        /** Always {@link Protocol#RICH_TEXT_URI}, the only type the decoder lets through. */
        public String type() {
            return Protocol.RICH_TEXT_URI;
        }
    }

    /** Changes the document's contents. */
    record Edit(Delta delta) implements DocOp {
        public Edit {
            Objects.requireNonNull(delta, "delta");
        }
    }

    /** Deletes the document; its history stays and its version keeps counting. */
    record Delete() implements DocOp {
        public static final Delete INSTANCE = new Delete();
    }
}
