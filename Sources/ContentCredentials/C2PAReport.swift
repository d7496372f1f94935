/// What the C2PA Content Credentials of one asset say, and whether they hold up.
public struct C2PAReport: Codable, Sendable, Equatable {
    /// The verification outcome.
    public var status: C2PAStatus
    /// Why the status is what it is (every failed or uncheckable step, in order).
    public var statusReasons: [String]
    /// The label of the active (last) manifest, e.g. `urn:c2pa:…`.
    public var activeManifestLabel: String?
    /// The claim's `claim_generator` string (claim v1), when present.
    public var claimGenerator: String?
    /// The name in the claim's `claim_generator_info`, when present.
    public var claimGeneratorName: String?
    /// The version in the claim's `claim_generator_info`, when present.
    public var claimGeneratorVersion: String?
    /// The claim's `dc:title`, when present.
    public var title: String?
    /// The claim's `dc:format`, when present.
    public var format: String?
    /// The actions of the active manifest, in order.
    public var actions: [C2PAAction]
    /// The ingredients of the active manifest, in order.
    public var ingredients: [C2PAIngredient]
    /// Who signed the active manifest, when the signature could be read.
    public var signer: C2PASigner?
    /// Whether an action declares an IPTC AI digital source type (`trainedAlgorithmicMedia`,
    /// `compositeWithTrainedAlgorithmicMedia`, `algorithmicMedia`, ...).
    public var declaresAIGenerated: Bool

    /// Makes a report.
    public init(
        status: C2PAStatus,
        statusReasons: [String] = [],
        activeManifestLabel: String? = nil,
        claimGenerator: String? = nil,
        claimGeneratorName: String? = nil,
        claimGeneratorVersion: String? = nil,
        title: String? = nil,
        format: String? = nil,
        actions: [C2PAAction] = [],
        ingredients: [C2PAIngredient] = [],
        signer: C2PASigner? = nil,
        declaresAIGenerated: Bool = false
    ) {
        self.status = status
        self.statusReasons = statusReasons
        self.activeManifestLabel = activeManifestLabel
        self.claimGenerator = claimGenerator
        self.claimGeneratorName = claimGeneratorName
        self.claimGeneratorVersion = claimGeneratorVersion
        self.title = title
        self.format = format
        self.actions = actions
        self.ingredients = ingredients
        self.signer = signer
        self.declaresAIGenerated = declaresAIGenerated
    }

    /// The report for an asset with no manifest store.
    public static let absent = C2PAReport(status: .absent, statusReasons: ["no C2PA manifest store"])
}
