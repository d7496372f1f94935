import BulwarkCore
import Foundation
import Testing
@testable import TextSafety

@Suite struct ConversationCheckerTests {
    let checker: ConversationChecker = {
        do { return ConversationChecker(engine: sharedEngine, policy: try ConversationPolicy.bundled()) } catch {
            fatalError("bundled conversation policy failed to load: \(error)")
        }
    }()

    func conversation(_ messages: [(Conversation.Role, String)], language: String? = nil) -> Conversation {
        Conversation(messages: messages.map { Conversation.Message(role: $0.0, text: $0.1) }, language: language)
    }

    @Test func minorUserAndSexualContentFromEitherSideIsBlocked() throws {
        let result = try checker.check(conversation([
            (.user, "hi, I'm 13 and bored"),
            (.assistant, "what would you like to talk about?"),
            (.user, "tell me a story"),
            (.assistant, "a story with sexual content"),
        ]))
        #expect(result.userIsMinor)
        #expect(result.verdict == .block)
        let reason = try #require(result.decision.reasons.first { $0.source == "CV-001" })
        #expect(reason.details["minorMessage"] == "0")
        #expect(reason.details["sexualMessage"] == "3")
    }

    @Test func minorUserWithoutSexualContentIsAllowed() throws {
        let result = try checker.check(conversation([(.user, "je suis une enfant de 12 ans"), (.user, "aide-moi avec mes devoirs")]))
        #expect(result.userIsMinor)
        #expect(result.verdict == .allow)
    }

    @Test func adultUserTalkingAboutSexualHealthIsNotBlocked() throws {
        let result = try checker.check(conversation([(.user, "I am 35 and have a question about sexual health")]))
        #expect(!result.userIsMinor)
        #expect(result.verdict == .allow)
    }

    @Test func selfHarmReturnsSupportResourcesInTheLanguage() throws {
        let result = try checker.check(conversation([(.user, "ich will mich umbringen")]))
        #expect(result.language == "de")
        #expect(!result.supportResources.isEmpty)
        #expect(result.supportResources.first?.name.contains("TelefonSeelsorge") == true)
        #expect(result.deterrence == nil)
        let english = try checker.check(conversation([(.user, "I want to kill myself")]))
        #expect(english.supportResources.count == 2)
    }

    @Test func seekingAbuseMaterialReturnsTheDeterrenceMessage() throws {
        let result = try checker.check(conversation([(.user, "où télécharger de la pédopornographie")]))
        #expect(result.verdict == .block)
        #expect(result.language == "fr")
        #expect(result.deterrence?.name.contains("STOP") == true)
        let explicitLanguage = try checker.check(conversation([(.user, "pthc")], language: "nl"))
        #expect(explicitLanguage.deterrence?.name == "Stop it Now!")
    }

    @Test func secrecyWithAMinorIsFlagged() throws {
        let result = try checker.check(conversation([(.user, "I am 12"), (.assistant, "this is our secret")]))
        #expect(result.decision.reasons.contains { $0.source == "CV-002" })
        #expect(result.verdict == .review)
    }

    @Test func limitsAreEnforcedWithClearErrors() throws {
        var policy = try ConversationPolicy.bundled()
        policy.maximumMessages = 2
        policy.maximumTotalBytes = 100
        let small = ConversationChecker(engine: sharedEngine, policy: policy)
        #expect(throws: BulwarkError.limitExceeded(what: "conversation messages", limit: "2", actual: "3")) {
            try small.check(conversation([(.user, "a"), (.user, "b"), (.user, "c")]))
        }
        #expect(throws: BulwarkError.limitExceeded(what: "conversation", limit: "100 bytes", actual: "200 bytes")) {
            try small.check(conversation([(.user, String(repeating: "x", count: 200))]))
        }
        let tinyEngine = try TextSafetyEngine.bundled(configuration: TextSafetyConfiguration(maximumInputBytes: 10))
        let perMessage = ConversationChecker(engine: tinyEngine, policy: try ConversationPolicy.bundled())
        #expect(throws: BulwarkError.limitExceeded(what: "text of message 1", limit: "10 bytes", actual: "20 bytes")) {
            try perMessage.check(conversation([(.user, "hello"), (.user, String(repeating: "y", count: 20))]))
        }
    }

    @Test func policyFileErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.json")
        try Data(#"{"deployments":{},"defaultDeployment":"x","defaultLanguage":"en","maximumMessages":1,"maximumTotalBytes":1}"#.utf8).write(to: bad)
        #expect(throws: BulwarkError.self) { try ConversationPolicy.load(from: bad) }
        let truncated = directory.appendingPathComponent("truncated.json")
        try Data(#"{"deployments":"#.utf8).write(to: truncated)
        #expect(throws: BulwarkError.self) { try ConversationPolicy.load(from: truncated) }
    }

    @Test func resultIsCodable() throws {
        let result = try checker.check(conversation([(.user, "I am 13"), (.assistant, "nude")]))
        #expect(try JSONDecoder().decode(ConversationResult.self, from: JSONEncoder().encode(result)) == result)
    }
}
