/// One member header of a tar archive, as ``TarReader`` found it.
public struct TarMember: Sendable, Equatable {
    /// What a member is.
    public enum Kind: Sendable, Equatable {
        /// A regular file (type `0` or NUL): the only kind that carries dataset payloads.
        case file
        /// A directory.
        case directory
        /// Links, devices, FIFOs and other types: read past, never followed.
        case other(UInt8)
    }

    /// The member's path (pax `path`, GNU long name, or ustar prefix + name).
    public var name: String
    public var kind: Kind
    /// Payload size in bytes.
    public var size: Int
    /// Byte offset of the member's (first) header in the archive.
    public var offset: Int
}
