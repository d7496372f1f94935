import BulwarkCore

/// One signal to match, with the PDQ quality score when the caller knows it.
public struct SignalQuery: Hashable, Sendable, Codable {
    /// The signal's type and value (validated by the match service).
    public var signal: Signal
    /// PDQ quality (0...100). Queries below the configured minimum are ignored; `nil`
    /// means unknown and is matched.
    public var quality: Int?

    public init(signal: Signal, quality: Int? = nil) {
        self.signal = signal
        self.quality = quality
    }
}
