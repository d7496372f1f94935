/// A JUMBF (ISO/IEC 19566-5) box tree over bytes, as C2PA stores its manifests.
///
/// Boxes keep byte ranges into the parsed buffer instead of copies.
public enum JUMBFNode: Sendable, Hashable {
    /// A `jumb` superbox.
    case superbox(JUMBFSuperbox)
    /// Any other box (`cbor`, `json`, `bfdb`, `bidb`, `uuid`, ...).
    case content(JUMBFContentBox)
}

/// A `jumb` superbox: its description box and its children in order.
public struct JUMBFSuperbox: Sendable, Hashable {
    /// Offset of the box header in the parsed buffer.
    public var offset: Int
    /// The bytes after the superbox header (the description box and the children): what a
    /// C2PA hashed URI hashes.
    public var contentRange: Range<Int>
    /// The `jumd` description box.
    public var description: JUMBFDescription
    /// The boxes after the description box.
    public var children: [JUMBFNode]

    /// The child superboxes.
    public var superboxes: [JUMBFSuperbox] {
        children.compactMap { if case let .superbox(box) = $0 { return box } else { return nil } }
    }

    /// The child content boxes.
    public var contentBoxes: [JUMBFContentBox] {
        children.compactMap { if case let .content(box) = $0 { return box } else { return nil } }
    }

    /// The first child superbox with this label.
    public func superbox(labelled label: String) -> JUMBFSuperbox? {
        superboxes.first { $0.description.label == label }
    }
}

/// A JUMBF description box (`jumd`).
public struct JUMBFDescription: Sendable, Hashable {
    /// The 16-byte content type UUID.
    public var typeUUID: [UInt8]
    /// The toggles byte (requestable, label, ID, signature, private box present).
    public var toggles: UInt8
    /// The label, when the label toggle is set.
    public var label: String?
    /// The ID, when the ID toggle is set.
    public var id: UInt32?
    /// The 32-byte SHA-256 signature of the content, when the signature toggle is set.
    public var signature: [UInt8]?

    /// The first four bytes of the type UUID as text (C2PA's `c2pa`, `c2ma`, `c2cl`, `c2cs`,
    /// `c2as`, `cbor`, `json`...), when they are printable ASCII.
    public var typeFourCC: String? {
        let head = typeUUID.prefix(4)
        guard head.count == 4, head.allSatisfy({ (0x20...0x7e).contains($0) }) else { return nil }
        return String(decoding: head, as: UTF8.self)
    }
}

/// A content box: its four-character type and the byte range of its payload.
public struct JUMBFContentBox: Sendable, Hashable {
    /// The box type, e.g. `cbor`, `json`, `bfdb`, `bidb`, `uuid`.
    public var type: String
    /// Offset of the box header in the parsed buffer.
    public var offset: Int
    /// The payload bytes (after the header).
    public var payloadRange: Range<Int>
}
