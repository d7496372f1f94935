/// Remembers the keys seen in one source to flag keys that come back. Keys are kept as
/// 64-bit stable hashes (8 bytes each), so a manifest of ten million rows costs tens of MB;
/// the chance that two different keys collide among ten million is about 3 in a million.
struct DuplicateKeys {
    private var seen: Set<UInt64> = []

    /// Records `key`; returns whether it was seen before.
    mutating func isRepeated(_ key: String) -> Bool {
        !seen.insert(ItemKey.stableHash(key)).inserted
    }
}
