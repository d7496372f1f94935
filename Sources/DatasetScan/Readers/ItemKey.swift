/// How dataset files are grouped into items, the way webdataset does it: the key is the
/// path up to the first dot of the file name, the rest is the extension that says which
/// part of the item the file is (`000123.jpg`, `000123.txt`, `000123.json`).
public enum ItemKey {
    /// Extensions read as the item's image.
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif", "avif"]
    /// Extensions read as the caption.
    public static let captionExtensions: Set<String> = ["txt", "caption"]

    /// Splits `path` into (key, extension): `dir/000123.jpg` -> (`dir/000123`, `jpg`).
    /// Dots in directory names are not separators. A name without a dot has an empty extension.
    public static func split(_ path: String) -> (key: String, ext: String) {
        let slash = path.lastIndex(of: "/")
        let nameStart = slash.map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[nameStart...].firstIndex(of: ".") else { return (path, "") }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]).lowercased())
    }

    /// FNV-1a, 64 bits, of the key's UTF-8: stable across runs, machines and Swift versions
    /// (unlike `Hasher`), so `--shard K/N` assigns every item the same way everywhere.
    public static func stableHash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
