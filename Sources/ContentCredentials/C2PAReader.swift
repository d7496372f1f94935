/// Reads a C2PA manifest store (the JUMBF superbox bytes a container parser found) and
/// verifies its active manifest: claim signature, certificate chain, assertion hashes and,
/// when the asset bytes are given, the hard binding.
///
/// It never throws and never traps: every problem becomes a status with a reason.
public struct C2PAReader: Sendable {
    /// PEM text of the certificates trusted as anchors for signer chains.
    public let trustAnchorsPEM: [String]
    /// Limits on the work done for one manifest store.
    public let limits: C2PALimits

    /// Makes a reader that trusts the given PEM certificates (each string may hold several).
    public init(trustAnchorsPEM: [String] = [], limits: C2PALimits = .default) {
        self.trustAnchorsPEM = trustAnchorsPEM
        self.limits = limits
    }

    /// Reads and verifies `manifestStore`. `asset` is the whole file the store came from; when
    /// given, the hard binding (`c2pa.hash.data`) is checked against it.
    public func read(manifestStore: [UInt8], asset: [UInt8]?) -> C2PAReport {
        if manifestStore.isEmpty { return .absent }
        return C2PAReport(status: .invalid, statusReasons: ["manifest store reading is not implemented yet"])
    }
}
