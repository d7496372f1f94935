/// How the argument of a pickle opcode is laid out, following CPython's `pickletools`.
enum PickleArgument {
    case none
    /// Fixed-width little-endian integer of 1, 2, 4 (signed) or 8 bytes.
    case uint1, uint2, int4, uint4, uint8
    /// A line ending in `\n`: decimal integer, float, quoted string, raw-unicode-escape text.
    case decimalLine, longLine, floatLine, quotedStringLine, unicodeLine, rawLine
    /// Two lines: module and name (GLOBAL, INST).
    case linePair
    /// Length-prefixed payloads: the prefix width in bytes and whether the payload is text.
    case counted(prefix: Int, signed: Bool, kind: PayloadKind)

    enum PayloadKind { case utf8, latin1, bytes, long }
}

/// One pickle opcode of protocols 0-5.
struct PickleOpcode {
    let name: String
    let argument: PickleArgument

    /// The table of every opcode, indexed by its byte.
    static let table: [UInt8: PickleOpcode] = {
        var t: [UInt8: PickleOpcode] = [:]
        func add(_ code: Character, _ name: String, _ argument: PickleArgument = .none) {
            guard let byte = code.asciiValue else { return }
            t[byte] = PickleOpcode(name: name, argument: argument)
        }
        func add(_ byte: UInt8, _ name: String, _ argument: PickleArgument = .none) {
            t[byte] = PickleOpcode(name: name, argument: argument)
        }
        // Protocol 0 and 1.
        add("(", "MARK"); add(".", "STOP"); add("0", "POP"); add("1", "POP_MARK"); add("2", "DUP")
        add("F", "FLOAT", .floatLine); add("I", "INT", .decimalLine); add("J", "BININT", .int4)
        add("K", "BININT1", .uint1); add("M", "BININT2", .uint2); add("L", "LONG", .longLine)
        add("S", "STRING", .quotedStringLine)
        add("T", "BINSTRING", .counted(prefix: 4, signed: true, kind: .latin1))
        add("U", "SHORT_BINSTRING", .counted(prefix: 1, signed: false, kind: .latin1))
        add("V", "UNICODE", .unicodeLine)
        add("X", "BINUNICODE", .counted(prefix: 4, signed: false, kind: .utf8))
        add("N", "NONE"); add("a", "APPEND"); add("e", "APPENDS"); add("l", "LIST"); add("]", "EMPTY_LIST")
        add("d", "DICT"); add("}", "EMPTY_DICT"); add("s", "SETITEM"); add("u", "SETITEMS")
        add("t", "TUPLE"); add(")", "EMPTY_TUPLE"); add("G", "BINFLOAT", .uint8)
        add("g", "GET", .decimalLine); add("h", "BINGET", .uint1); add("j", "LONG_BINGET", .uint4)
        add("p", "PUT", .decimalLine); add("q", "BINPUT", .uint1); add("r", "LONG_BINPUT", .uint4)
        add("c", "GLOBAL", .linePair); add("i", "INST", .linePair)
        add("o", "OBJ"); add("b", "BUILD"); add("R", "REDUCE")
        add("P", "PERSID", .rawLine); add("Q", "BINPERSID")
        // Protocol 2.
        add(0x80, "PROTO", .uint1); add(0x81, "NEWOBJ"); add(0x82, "EXT1", .uint1); add(0x83, "EXT2", .uint2)
        add(0x84, "EXT4", .int4); add(0x85, "TUPLE1"); add(0x86, "TUPLE2"); add(0x87, "TUPLE3")
        add(0x88, "NEWTRUE"); add(0x89, "NEWFALSE")
        add(0x8a, "LONG1", .counted(prefix: 1, signed: false, kind: .long))
        add(0x8b, "LONG4", .counted(prefix: 4, signed: true, kind: .long))
        // Protocol 3.
        add("B", "BINBYTES", .counted(prefix: 4, signed: false, kind: .bytes))
        add("C", "SHORT_BINBYTES", .counted(prefix: 1, signed: false, kind: .bytes))
        // Protocol 4.
        add(0x8c, "SHORT_BINUNICODE", .counted(prefix: 1, signed: false, kind: .utf8))
        add(0x8d, "BINUNICODE8", .counted(prefix: 8, signed: false, kind: .utf8))
        add(0x8e, "BINBYTES8", .counted(prefix: 8, signed: false, kind: .bytes))
        add(0x8f, "EMPTY_SET"); add(0x90, "ADDITEMS"); add(0x91, "FROZENSET"); add(0x92, "NEWOBJ_EX")
        add(0x93, "STACK_GLOBAL"); add(0x94, "MEMOIZE"); add(0x95, "FRAME", .uint8)
        // Protocol 5.
        add(0x96, "BYTEARRAY8", .counted(prefix: 8, signed: false, kind: .bytes))
        add(0x97, "NEXT_BUFFER"); add(0x98, "READONLY_BUFFER")
        return t
    }()
}
