// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Hushlog — encrypted messaging transport over event logs.
/// @notice Immutable and ownerless: no storage, no admin, no upgrade path. Every call only emits events;
/// `sender` is always `msg.sender`, so receivers can filter by sender before doing any cryptography.
///
/// Two ways in:
/// - ABI functions, for wallets and tools that decode calldata.
/// - A packed entry point (the fallback), for cost: under EIP-7623 each non-zero calldata byte costs about
///   40 gas, and ABI encoding spends 4 selector bytes plus 64 bytes of offsets and lengths per `bytes`.
///   Packed calldata is `kind (1 byte) || fields`, with no offsets and no padding:
///
///   | kind | name      | layout after the kind byte                                                   |
///   |------|-----------|------------------------------------------------------------------------------|
///   | 0x00 | message   | topic (16) · payload (rest)                                                  |
///   | 0x01 | batch     | entries until the end: head (u16 BE) · [topic (16)] · payload (head & 0x7fff)  |
///   |      |           | head bit 15 set = same topic as the previous entry (no topic bytes follow)    |
///   | 0x02 | handshake | recipientTag (32) · payload (rest)                                           |
///   | 0x03 | response  | responseTag (32) · payload (rest)                                            |
///   | 0x04 | prekeys   | bundle (rest)                                                                |
///   | 0x05 | binding   | binding (rest)                                                               |
///
///   Message topics are 128-bit values carried in 16 bytes and logged left-aligned in the bytes32 topic
///   (`bytes32(bytes16(t))`); Hushlog derives all message topics that way. 128 bits keep topics unguessable
///   and collision-free across every conversation there will ever be, and save 16 calldata bytes per message.
///   Any bytes32 topic can still be sent through the ABI functions.
///
///   Kind bytes are chosen so that no ABI selector starts with one of them (a test checks this), so packed
///   calldata can never be dispatched to an ABI function whatever the topic bytes are. The message kind is
///   0x00 because a zero byte costs a quarter of a non-zero one.
///
/// Events carry the payload ABI-encoded as `bytes`, exactly as the ABI functions emit them, so one decoder
/// reads logs whichever way they were sent.
///
/// Account records (`Binding`: an account's signed device authorisation; `Prekeys`: a device's prekey bundle) are
/// indexed by the account they declare, read from bytes 1..20 of the record (after its version byte), not by
/// `msg.sender`: a smart account's delegate or one of its devices may publish them, and readers look them up by
/// account. Anyone can therefore post a record under any account; readers verify the account's signature inside
/// and ignore the rest (the poster pays for the junk).
contract Hushlog {
    event Handshake(bytes32 indexed recipientTag, address indexed sender, bytes payload);
    event HandshakeResponse(bytes32 indexed responseTag, address indexed sender, bytes payload);
    event Message(bytes32 indexed topic, address indexed sender, bytes payload);
    event Prekeys(address indexed account, address indexed sender, bytes bundle);
    event Binding(address indexed account, address indexed sender, bytes binding);

    /// @notice `sendMessages` was given a different number of topics and payloads.
    error LengthMismatch(uint256 topics, uint256 payloads);
    /// @notice Packed calldata starts with a kind byte this contract does not know (or is empty).
    error UnknownKind(uint256 kind);
    /// @notice Packed calldata ends in the middle of a field; `offset` is where the missing field starts.
    error Truncated(uint256 offset);
    /// @notice A batch entry reuses the previous topic but there is no previous entry.
    error NoPreviousTopic(uint256 offset);

    bytes32 private constant MESSAGE_SIG = keccak256("Message(bytes32,address,bytes)");
    bytes32 private constant HANDSHAKE_SIG = keccak256("Handshake(bytes32,address,bytes)");
    bytes32 private constant RESPONSE_SIG = keccak256("HandshakeResponse(bytes32,address,bytes)");
    /// A record's version byte and declared account: the shortest record the contract accepts.
    uint256 private constant RECORD_HEAD = 21;

    // Error selectors as number literals: inline assembly takes only literal constants, and locals would
    // overflow the stack. The revert tests decode every one of them against the ABI.
    uint256 private constant TRUNCATED = 0xdfe10a44; // Truncated(uint256)
    uint256 private constant NO_PREVIOUS_TOPIC = 0x8f9ba67b; // NoPreviousTopic(uint256)
    uint256 private constant UNKNOWN_KIND = 0x6e05294e; // UnknownKind(uint256)
    // Event topics of the account records, as literals for the same reason (the tests check them against the ABI).
    uint256 private constant PREKEYS_TOPIC = 0xdb1a6cb293ca93fd84c9ddd78092f7491f5037daff7036e09016d2b1f3359d91;
    uint256 private constant BINDING_TOPIC = 0x6999f352a5e3cba57581ad80d080b117be848e91ed5beca3f78046d6379a36bc;

    // ---------------------------------------------------------------- ABI entry points

    function sendMessage(bytes32 topic, bytes calldata payload) external {
        emit Message(topic, msg.sender, payload);
    }

    /// @notice Several messages in one transaction, possibly for several conversations.
    function sendMessages(bytes32[] calldata topics, bytes[] calldata payloads) external {
        if (topics.length != payloads.length) revert LengthMismatch(topics.length, payloads.length);
        for (uint256 i; i < topics.length; ++i) {
            emit Message(topics[i], msg.sender, payloads[i]);
        }
    }

    function handshake(bytes32 recipientTag, bytes calldata payload) external {
        emit Handshake(recipientTag, msg.sender, payload);
    }

    function respond(bytes32 responseTag, bytes calldata payload) external {
        emit HandshakeResponse(responseTag, msg.sender, payload);
    }

    function publishPrekeys(bytes calldata bundle) external {
        emit Prekeys(declaredAccount(bundle), msg.sender, bundle);
    }

    function publishBinding(bytes calldata binding) external {
        emit Binding(declaredAccount(binding), msg.sender, binding);
    }

    /// The account a record declares: its bytes 1..20, after the version byte.
    function declaredAccount(bytes calldata record) private pure returns (address) {
        if (record.length < RECORD_HEAD) revert Truncated(record.length);
        return address(bytes20(record[1:RECORD_HEAD]));
    }

    // ---------------------------------------------------------------- packed entry point

    /// Written in assembly because for a short message the execution gas (not only calldata) decides the cost:
    /// Solidity's calldata slicing and bounds checks cost more than the log itself saves.
    fallback() external {
        bytes32 messageSig = MESSAGE_SIG;
        bytes32 handshakeSig = HANDSHAKE_SIG;
        bytes32 responseSig = RESPONSE_SIG;
        assembly ("memory-safe") {
            function fail(selector, arg) {
                mstore(0, shl(224, selector))
                mstore(4, arg)
                revert(0, 0x24)
            }
            // Emits abi.encode(bytes(calldata[offset:offset+len])) with topics (sig, topic, sender) from memory p.
            function emitPayload(p, sig, topic, offset, len) {
                mstore(p, 0x20)
                mstore(add(p, 0x20), len)
                calldatacopy(add(p, 0x40), offset, len)
                // Zero the ABI padding: in a batch this memory held the previous (possibly longer) entry.
                mstore(add(add(p, 0x40), len), 0)
                log3(p, add(0x40, and(add(len, 31), not(31))), sig, topic, caller())
            }
            // An account record (calldata[1:]): topics (sig, declared account = record bytes 1..20, sender).
            function emitRecord(p, sig, end) {
                let len := sub(end, 1)
                if lt(len, 21) { fail(TRUNCATED, end) }
                mstore(p, 0x20)
                mstore(add(p, 0x20), len)
                calldatacopy(add(p, 0x40), 1, len)
                mstore(add(add(p, 0x40), len), 0)
                log3(p, add(0x40, and(add(len, 31), not(31))), sig, shr(96, calldataload(2)), caller())
            }
            // A 16-byte topic from calldata, left-aligned in a word like `bytes32(bytes16(...))`.
            function compactTopic(offset) -> topic {
                topic := and(calldataload(offset), not(0xffffffffffffffffffffffffffffffff))
            }

            let end := calldatasize()
            let p := mload(0x40)
            let kind := not(0)
            if end { kind := shr(248, calldataload(0)) }
            switch kind
            case 0x00 {
                if lt(end, 17) { fail(TRUNCATED, 1) }
                emitPayload(p, messageSig, compactTopic(1), 17, sub(end, 17))
            }
            case 0x01 {
                let offset := 1
                let topic := 0
                let haveTopic := 0
                for {} lt(offset, end) {} {
                    if gt(add(offset, 2), end) { fail(TRUNCATED, offset) }
                    let head := shr(240, calldataload(offset))
                    let entry := offset
                    offset := add(offset, 2)
                    switch and(head, 0x8000)
                    case 0 {
                        if gt(add(offset, 16), end) { fail(TRUNCATED, offset) }
                        topic := compactTopic(offset)
                        offset := add(offset, 16)
                        haveTopic := 1
                    }
                    default {
                        if iszero(haveTopic) { fail(NO_PREVIOUS_TOPIC, entry) }
                    }
                    let len := and(head, 0x7fff)
                    if gt(add(offset, len), end) { fail(TRUNCATED, offset) }
                    emitPayload(p, messageSig, topic, offset, len)
                    offset := add(offset, len)
                }
            }
            case 0x02 {
                if lt(end, 33) { fail(TRUNCATED, 1) }
                emitPayload(p, handshakeSig, calldataload(1), 33, sub(end, 33))
            }
            case 0x03 {
                if lt(end, 33) { fail(TRUNCATED, 1) }
                emitPayload(p, responseSig, calldataload(1), 33, sub(end, 33))
            }
            case 0x04 { emitRecord(p, PREKEYS_TOPIC, end) }
            case 0x05 { emitRecord(p, BINDING_TOPIC, end) }
            default { fail(UNKNOWN_KIND, kind) }
        }
    }
}
