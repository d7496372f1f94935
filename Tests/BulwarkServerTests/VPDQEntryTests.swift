import BulwarkServer
import Foundation
import Testing

/// vPDQ bank values are checked where they enter: a malformed frame list is a clear 400 on
/// the entry API, and a well-formed one is stored.
@Suite struct VPDQEntryTests {
    static let frame = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

    @Test func malformedVPDQValuesAreRefused() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"videos"}"#)
            let good = try await client.send(.post, "/v1/banks/videos/entries",
                                             json: #"{"signal_type":"vpdq","value":"[\"\#(Self.frame),100,0.000\",\"\#(Self.frame),90,1.000\"]"}"#)
            #expect(good.status == 201, "\(good.body)")
            let garbage = try await client.send(.post, "/v1/banks/videos/entries", json: #"{"signal_type":"vpdq","value":"garbage"}"#)
            #expect(garbage.status == 400)
            let badQuality = try await client.send(.post, "/v1/banks/videos/entries",
                                                   json: #"{"signal_type":"vpdq","value":"[\"\#(Self.frame),101,0.000\"]"}"#)
            #expect(badQuality.status == 400)
            #expect(badQuality.errorMessage.contains("quality"), "\(badQuality.body)")
        }
    }
}
