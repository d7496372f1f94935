import BulwarkCore
import VideoHashing

extension ContentHasher {
    /// The hash record of a video: exact digests and the vPDQ hash (one frame per second, the
    /// reference's default), under the decoder's byte limit.
    ///
    /// When decoding stops part-way (a damaged stream, a limit) after some frames were hashed,
    /// the record keeps those frames and says why in `vpdqProblem`; when nothing could be
    /// hashed it throws with the digests.
    func hashVideo(_ bytes: UnsafeRawBufferPointer, container: VideoContainer, digests: ExactDigests,
                   path: String?) throws(ContentHashError) -> HashRecord {
        let hasher = VideoHasher(limits: VideoLimits(maxBytes: decoder.limits.maxBytes))
        var record = HashRecord(path: path, size: bytes.count, digests: digests, image: nil, pdq: nil, dihedral: nil)
        record.format = container.rawValue
        let hash: VPDQHash
        do {
            hash = try hasher.hash(bytes)
        } catch {
            guard !error.partial.isEmpty else {
                throw ContentHashError(digests: digests, size: bytes.count, reason: error.description)
            }
            hash = error.partial
            record.vpdqProblem = error.description
        }
        guard !hash.isEmpty else {
            throw ContentHashError(digests: digests, size: bytes.count, reason: "video: no frame could be decoded")
        }
        record.vpdq = VPDQSignalValue.encode(hash)
        record.vpdqFrames = hash.features.count
        return record
    }
}
