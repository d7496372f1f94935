import BulwarkCore
import Crypto
import Dispatch

/// The hashes model hubs and banks identify a model file by.
public struct ModelHashes: Sendable, Hashable, Codable {
    /// SHA-256 of the whole file, lowercase hex.
    public var sha256: String
    /// A1111 / Civitai "AutoV2": the first 10 hex digits of ``sha256``.
    public var autoV2: String { String(sha256.prefix(10)) }
    /// Civitai "AutoV3" for safetensors: SHA-256 of the tensor data, i.e. of every byte after
    /// the 8-byte length and the JSON header. It equals kohya-ss `addnet_hash_safetensors`
    /// (`sshs_model_hash`) and `modelspec.hash_sha256`, and survives metadata edits. Nil for
    /// other formats.
    public var autoV3: String?

    /// Wraps hex digests computed elsewhere (lowercase hex).
    public init(sha256: String, autoV3: String?) {
        self.sha256 = sha256
        self.autoV3 = autoV3
    }

    /// The hashes as BulwarkCore signals for bank matching.
    public var signals: [Signal] {
        var out = [Signal(type: .modelSHA256, value: sha256), Signal(type: .modelAutoV2, value: autoV2)]
        if let autoV3 { out.append(Signal(type: .modelAutoV3, value: autoV3)) }
        return out
    }
}


/// Streams a file through SHA-256 in constant memory: one reusable chunk buffer, read with
/// `pread` and hashed in place. When the tensor-data hash is wanted too, both digests are
/// updated from the same chunk on two threads.
public struct ModelHasher: Sendable {
    /// Bytes per read.
    public var chunkSize: Int

    /// A hasher reading `chunkSize` bytes at a time (at least 4 KiB).
    public init(chunkSize: Int = 8 << 20) {
        self.chunkSize = max(4096, chunkSize)
    }

    /// Hashes the file; `tensorDataStart` (safetensors `8 + header length`) enables AutoV3.
    public func hash(_ file: FileByteSource, tensorDataStart: UInt64? = nil) throws(BulwarkError) -> ModelHashes {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        let whole = HashBox()
        let data = tensorDataStart.map { _ in HashBox() }
        var offset: UInt64 = 0
        while offset < file.size {
            let got = try file.readInto(buffer, at: offset)
            if got == 0 {
                throw BulwarkError.io(path: file.path, reason: "the file shrank while hashing (at byte \(offset))")
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
            if let data, let start = tensorDataStart, offset + UInt64(got) > start {
                let skip = start > offset ? Int(start - offset) : 0
                let tail = UnsafeRawBufferPointer(rebasing: chunk[skip...])
                if tail.count >= 1 << 20 {
                    let views = ChunkViews(whole: chunk, tail: tail)
                    DispatchQueue.concurrentPerform(iterations: 2) { i in
                        if i == 0 { whole.update(views.whole) } else { data.update(views.tail) }
                    }
                } else {
                    whole.update(chunk)
                    data.update(tail)
                }
            } else {
                whole.update(chunk)
            }
            offset += UInt64(got)
        }
        return ModelHashes(sha256: whole.hex(), autoV3: data?.hex())
    }
}

/// A SHA-256 context updated from one thread at a time (the hasher never lets two threads
/// touch the same box at once).
private final class HashBox: @unchecked Sendable {
    private var hasher = SHA256()

    func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    func hex() -> String { Hex.encode(hasher.finalize()) }
}

/// The chunk and its tensor-data tail, handed to the two hashing threads. Both only read the
/// buffer, and the caller waits for both before reusing it.
private struct ChunkViews: @unchecked Sendable {
    let whole: UnsafeRawBufferPointer
    let tail: UnsafeRawBufferPointer
}
