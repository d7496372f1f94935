import BulwarkCore
import Inflate

/// A zip entry stored with method 8 (deflate): its data is inflated into memory, under a cap,
/// reading the compressed bytes from the source in bounded chunks.
enum DeflatedZipEntry {
    /// Compressed bytes read from the source at a time.
    static let chunkBytes = 1 << 20
    /// Inflated bytes looked at before deciding whether the entry is wanted.
    static let prefixBytes = 2

    /// The inflated bytes of the compressed data in `range`, or nil when `keepIf` turns the
    /// entry down after seeing its first inflated bytes.
    /// - Throws: ``BulwarkError`` when the data is corrupt, ends early or inflates past `limit`.
    static func inflate(_ range: Range<UInt64>, of source: some ModelByteSource, limit: Int,
                        keepIf: ([UInt8]) -> Bool) throws(BulwarkError) -> [UInt8]? {
        do {
            let inflater = try Inflater(format: .raw, maxOutput: limit)
            var offset = range.lowerBound
            var decided = false
            while offset < range.upperBound, !inflater.ended {
                let count = Int(min(UInt64(chunkBytes), range.upperBound - offset))
                let chunk = try source.readExactly(at: offset, count: count, what: "compressed zip entry")
                offset += UInt64(count)
                try inflater.feed(chunk)
                if !decided, inflater.output.count >= prefixBytes || inflater.ended {
                    guard keepIf(Array(inflater.output.prefix(prefixBytes))) else { return nil }
                    decided = true
                }
            }
            let output = try inflater.finish()
            return decided || keepIf(Array(output.prefix(prefixBytes))) ? output : nil
        } catch let error as InflateError {
            throw BulwarkError.invalidInput(what: "deflate-compressed zip entry", where: "compressed byte \(error.offset)", reason: error.message)
        } catch let error as BulwarkError {
            throw error
        } catch {
            throw BulwarkError.invalidInput(what: "deflate-compressed zip entry", where: "(entry)", reason: "\(error)")
        }
    }
}
