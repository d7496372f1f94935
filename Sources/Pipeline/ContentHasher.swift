import BulwarkCore
import MediaDecoding
import PDQ
import VideoHashing

/// The "extract" stage for media: exact digests of the bytes, then decode and PDQ-hash
/// images, or vPDQ-hash videos (see `hashVideo`).
///
/// A content hasher holds a ``PDQHasher`` and its scratch buffers, so give each worker
/// thread its own; it is not thread-safe.
public final class ContentHasher {
    public let decoder: ImageDecoder
    /// Whether to compute the eight dihedral PDQ hashes.
    public let dihedral: Bool
    private let pdq = PDQHasher()

    public init(limits: DecodingLimits = .default, dihedral: Bool = false) {
        decoder = ImageDecoder(limits: limits)
        self.dihedral = dihedral
    }

    /// Hashes `bytes`. Exact digests are always computed (MD5 only if `md5` does not give it
    /// already, as ``MultiBufferMD5`` does for a batch); decoding errors are thrown after
    /// them, wrapped with the digests so callers can still report what they know.
    public func hash(_ bytes: UnsafeRawBufferPointer, path: String? = nil, md5: String? = nil) throws(ContentHashError) -> HashRecord {
        let digests = md5.map { ExactDigests(of: bytes, md5: $0) } ?? ExactDigests(of: bytes)
        if let container = VideoContainer.sniff(bytes) {
            return try hashVideo(bytes, container: container, digests: digests, path: path)
        }
        if !dihedral, let streamed = try hashStreaming(bytes, digests: digests, path: path) {
            return streamed
        }
        let decoded: DecodedImage
        do {
            decoded = try decoder.decode(bytes)
        } catch {
            throw ContentHashError(digests: digests, size: bytes.count, reason: error.description)
        }
        if dihedral {
            let variants = pdq.dihedralHashes(decoded.image)
            return HashRecord(path: path, size: bytes.count, digests: digests, image: decoded,
                              pdq: PDQResult(hash: variants.original, quality: variants.quality), dihedral: variants)
        }
        let result = pdq.hash(decoded.image)
        return HashRecord(path: path, size: bytes.count, digests: digests, image: decoded, pdq: result, dihedral: nil)
    }

    /// For formats that decode row by row (JPEG): PDQ straight from the decoder's rows, never
    /// holding the RGB plane. `nil` for other formats.
    private func hashStreaming(_ bytes: UnsafeRawBufferPointer, digests: ExactDigests,
                               path: String?) throws(ContentHashError) -> HashRecord? {
        let reader: RGBRowReader
        do {
            guard let rows = try decoder.rowReader(bytes) else { return nil }
            reader = rows
        } catch {
            throw ContentHashError(digests: digests, size: bytes.count, reason: error.description)
        }
        // Below PDQ's minimum size no row would be read, so a damaged file would pass
        // unnoticed: decode it whole instead.
        guard reader.width >= PDQHasher.minimumDimension, reader.height >= PDQHasher.minimumDimension else {
            return nil
        }
        var failure: DecodingError?
        let result = pdq.hash(width: reader.width, height: reader.height) { count, buffer in
            do throws(DecodingError) {
                try reader.read(rows: count, into: buffer)
                return true
            } catch {
                failure = error
                return false
            }
        }
        guard let result else {
            let reason = failure?.description ?? "decoding stopped at row \(reader.rowsRead) of \(reader.height)"
            throw ContentHashError(digests: digests, size: bytes.count, reason: reason)
        }
        var record = HashRecord(path: path, size: bytes.count, digests: digests, image: nil, pdq: result, dihedral: nil)
        record.format = reader.format.rawValue
        record.width = reader.width
        record.height = reader.height
        return record
    }

    /// Hashes a byte array.
    public func hash(_ bytes: [UInt8], path: String? = nil, md5: String? = nil) throws(ContentHashError) -> HashRecord {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ContentHashError) -> HashRecord in try hash(raw, path: path, md5: md5) } }
        return try result.get()
    }
}

/// Content that could be digested but not decoded as an image.
public struct ContentHashError: Error, CustomStringConvertible, Sendable {
    /// The exact digests, which are valid even though decoding failed.
    public let digests: ExactDigests
    public let size: Int
    /// Why decoding failed.
    public let reason: String

    public var description: String { reason }
}
