import BulwarkCore
import MatchIndex

/// How the match service matches and decides.
public struct MatchServiceOptions: Hashable, Sendable {
    /// PDQ threshold and minimum quality (defaults 31 and 50).
    public var config: MatchConfig
    /// PDQ matches at or below this distance ask for `block`; matches further away (but
    /// within the threshold) ask for `review`. Exact matches always ask for `block`.
    /// Defaults to the threshold, so every match blocks.
    public var pdqBlockDistance: Int
    /// The exact signal types loaded into the exact index.
    public var exactTypes: [SignalType]

    public init(
        config: MatchConfig = .default, pdqBlockDistance: Int? = nil,
        exactTypes: [SignalType] = [.md5, .sha1, .sha256, .modelSHA256, .modelAutoV2, .modelAutoV3]
    ) {
        self.config = config
        self.pdqBlockDistance = pdqBlockDistance ?? config.pdqThreshold
        self.exactTypes = exactTypes
    }
}
