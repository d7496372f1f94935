/// What video hashing does when the decoder meets damaged data.
public enum VideoDamagePolicy: Hashable, Sendable {
    /// Stop at the first damaged frame or packet and throw ``VideoHashingError`` (kind
    /// `corrupt`) carrying the frames hashed before it. Undamaged videos hash exactly as
    /// with `conceal`.
    case stop
    /// Let FFmpeg conceal damage and hash what it outputs, as Meta's vPDQ reference does; only
    /// errors FFmpeg cannot recover from stop hashing.
    case conceal
}
