/// The outcome of reading and verifying C2PA Content Credentials.
///
/// Missing credentials mean "unknown", never "real": `absent` says only that no manifest store
/// was found.
public enum C2PAStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// No manifest store was given.
    case absent
    /// A manifest store is present and its signature is cryptographically sound (or could not
    /// be checked), but the signer does not chain to a configured trust anchor, or a part of it
    /// could not be checked. `statusReasons` says why.
    case presentButUnverifiable = "present-but-unverifiable"
    /// The signature is sound, the signer chains to a trust anchor, every assertion hash
    /// matches and (when asset bytes were given) the hard binding matches the asset.
    case valid
    /// Something that can be checked was checked and is wrong: a bad signature, a
    /// mismatching assertion hash or asset hash, or a malformed manifest store.
    case invalid
}
