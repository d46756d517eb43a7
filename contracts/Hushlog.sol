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
contract Hushlog {
    event Handshake(bytes32 indexed recipientTag, address indexed sender, bytes payload);
    event HandshakeResponse(bytes32 indexed responseTag, address indexed sender, bytes payload);
    event Message(bytes32 indexed topic, address indexed sender, bytes payload);
    event Prekeys(address indexed account, bytes bundle);

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
    bytes32 private constant PREKEYS_SIG = keccak256("Prekeys(address,bytes)");

    // Error selectors as number literals: inline assembly takes only literal constants, and locals would
    // overflow the stack. The revert tests decode every one of them against the ABI.
    uint256 private constant TRUNCATED = 0xdfe10a44; // Truncated(uint256)
    uint256 private constant NO_PREVIOUS_TOPIC = 0x8f9ba67b; // NoPreviousTopic(uint256)
    uint256 private constant UNKNOWN_KIND = 0x6e05294e; // UnknownKind(uint256)

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
        emit Prekeys(msg.sender, bundle);
    }

    // ---------------------------------------------------------------- packed entry point

    /// Written in assembly because for a short message the execution gas (not only calldata) decides the cost:
    /// Solidity's calldata slicing and bounds checks cost more than the log itself saves.
    fallback() external {
        bytes32 messageSig = MESSAGE_SIG;
        bytes32 handshakeSig = HANDSHAKE_SIG;
        bytes32 responseSig = RESPONSE_SIG;
        bytes32 prekeysSig = PREKEYS_SIG;
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
            case 0x04 {
                let len := sub(end, 1)
                mstore(p, 0x20)
                mstore(add(p, 0x20), len)
                calldatacopy(add(p, 0x40), 1, len)
                mstore(add(add(p, 0x40), len), 0)
                log2(p, add(0x40, and(add(len, 31), not(31))), prekeysSig, caller())
            }
            default { fail(UNKNOWN_KIND, kind) }
        }
    }
}
