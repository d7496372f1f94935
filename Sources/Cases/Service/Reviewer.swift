/// Who is calling the ``CaseService``: a reviewer id (the API key id the server
/// authenticated) and whether the caller may see every team (admin keys, the CLI).
public struct Reviewer: Hashable, Sendable {
    /// The reviewer id; recorded as the audit actor.
    public var id: String
    /// Sees and acts on cases of every team.
    public var seesAllTeams: Bool

    public init(id: String, seesAllTeams: Bool = false) {
        self.id = id
        self.seesAllTeams = seesAllTeams
    }

    /// An admin-like caller that sees every team.
    public static func admin(_ id: String) -> Reviewer { Reviewer(id: id, seesAllTeams: true) }
}
