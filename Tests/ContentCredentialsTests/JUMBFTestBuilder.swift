/// Builds JUMBF boxes for tests.
enum JUMBFTestBuilder {
    static func uint32(_ value: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// A box with an 8-byte header.
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        uint32(payload.count + 8) + Array(type.utf8) + payload
    }

    /// A box with the 16-byte extended-length header.
    static func extendedBox(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        uint32(1) + Array(type.utf8) + uint32(0) + uint32(payload.count + 16) + payload
    }

    /// A description box with a C2PA-style type UUID starting with `fourCC` and a label.
    static func description(_ fourCC: String, label: String) -> [UInt8] {
        let uuid = Array(fourCC.utf8) + [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]
        return box("jumd", uuid + [0x03] + Array(label.utf8) + [0])
    }

    /// A `jumb` superbox.
    static func superbox(_ fourCC: String, label: String, _ children: [[UInt8]]) -> [UInt8] {
        box("jumb", description(fourCC, label: label) + children.flatMap { $0 })
    }
}
