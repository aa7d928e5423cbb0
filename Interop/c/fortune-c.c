/*
 * fortune-c: a client of the swift-vdl fortune example, written from docs/wire.md and the
 * generated .proto files only (wire/wire.proto, vdl/vdl.proto, examples/fortune/fortune.proto).
 *
 *   fortune-c HOST PORT add TEXT | get | has TEXT
 *
 * It connects over TCP, exchanges Hello frames, makes one unary call and prints its result:
 * nothing for add, the fortune for get, true or false for has.
 *
 * Exit status: 0 the call succeeded; 1 the call failed (a Failure, a GoAway that refused or
 * ended it, or the deadline passed), with the error's id and message on stderr; 2 usage;
 * 3 connection or protocol error (the server broke the protocol or closed the connection).
 *
 * FORTUNE_C_TRACE=1 in the environment prints every frame sent (>) and received (<) in hex on
 * stderr, length prefix included.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "examples/fortune/fortune.pb-c.h"
#include "vdl/vdl.pb-c.h"
#include "wire/wire.pb-c.h"

/* Protocol version 1 (docs/wire.md, "Connection set-up"). */
#define PROTOCOL_VERSION 1u
/* The largest frame this client accepts; a longer length prefix is a protocol error. */
#define MAX_FRAME_SIZE (4u << 20)
/* The flow-control window, in bytes, this client grants each call's server stream before a
 * Credit (unary calls stream nothing). */
#define INITIAL_WINDOW (256u << 10)
#define AGENT "fortune-c/0.1"
/* The one call this program makes. Call IDs start at 1 and increase. */
#define CALL_ID 1u
/* How long the call may take: sent as the call's timeout and enforced locally. */
#define TIMEOUT_MICROS 10000000ull
/* Extra time to wait for the server's own Timeout failure after the deadline. */
#define GRACE_MILLIS 1000

enum { EXIT_CALL_FAILED = 1, EXIT_USAGE = 2, EXIT_PROTOCOL = 3 };

static int trace_frames;
static int sock = -1;
/* Monotonic milliseconds at which we stop waiting. */
static int64_t deadline_ms;
/* The server's limit from its Hello; 0 until the Hello arrived. */
static uint32_t peer_max_frame_size;
/* Set once the Request is sent: giving up then also sends Cancel. */
static int call_started;

static void usage(void) {
    fprintf(stderr, "usage: fortune-c HOST PORT add TEXT | get | has TEXT\n");
    exit(EXIT_USAGE);
}

static void fail(int status, const char *format, ...) __attribute__((noreturn, format(printf, 2, 3)));
static void fail(int status, const char *format, ...) {
    va_list args;
    va_start(args, format);
    fputs("fortune-c: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    if (sock >= 0) close(sock);
    exit(status);
}

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void trace(char direction, const uint8_t *bytes, size_t count, const char *kind) {
    if (!trace_frames) return;
    fprintf(stderr, "%c %-8s ", direction, kind);
    for (size_t i = 0; i < count; i++) fprintf(stderr, "%02x", bytes[i]);
    fputc('\n', stderr);
}

static const char *kind_name(Wire__Frame__ValueCase kind) {
    switch (kind) {
    case WIRE__FRAME__VALUE_HELLO: return "Hello";
    case WIRE__FRAME__VALUE_REQUEST: return "Request";
    case WIRE__FRAME__VALUE_DATA: return "Data";
    case WIRE__FRAME__VALUE_RESPONSE: return "Response";
    case WIRE__FRAME__VALUE_FAILURE: return "Failure";
    case WIRE__FRAME__VALUE_CANCEL: return "Cancel";
    case WIRE__FRAME__VALUE_CREDIT: return "Credit";
    case WIRE__FRAME__VALUE_PING: return "Ping";
    case WIRE__FRAME__VALUE_GO_AWAY: return "GoAway";
    default: return "(none)";
    }
}

/* Whether `text` is valid UTF-8 (proto3 strings must be; the server rejects anything else). */
static int valid_utf8(const unsigned char *s) {
    while (*s) {
        unsigned c = *s++;
        int extra;
        uint32_t value;
        if (c < 0x80) continue;
        if (c >= 0xc2 && c <= 0xdf) { extra = 1; value = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { extra = 2; value = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { extra = 3; value = c & 0x07; }
        else return 0;
        for (int i = 0; i < extra; i++, s++) {
            if ((*s & 0xc0) != 0x80) return 0;
            value = value << 6 | (*s & 0x3f);
        }
        if ((extra == 2 && value < 0x800) || (extra == 3 && (value < 0x10000 || value > 0x10ffff))) return 0;
        if (value >= 0xd800 && value <= 0xdfff) return 0;
    }
    return 1;
}

/* ---- bytes on the socket ---- */

static void write_all(const uint8_t *bytes, size_t count) {
    while (count > 0) {
        /* send, not write: a peer that has closed must not kill us with SIGPIPE. */
        ssize_t n = send(sock, bytes, count, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(EXIT_PROTOCOL, "cannot write to the server: %s", strerror(errno));
        bytes += n;
        count -= (size_t)n;
    }
}

static void send_frame(const Wire__Frame *frame);
static void protocol_error(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Tells the server we no longer want the call's result. */
static void send_cancel(void) {
    call_started = 0;
    Wire__Cancel cancel = WIRE__CANCEL__INIT;
    cancel.call_id = CALL_ID;
    Wire__Frame frame = WIRE__FRAME__INIT;
    frame.value_case = WIRE__FRAME__VALUE_CANCEL;
    frame.cancel = &cancel;
    send_frame(&frame);
}

/* Reads exactly `count` bytes before the deadline. Returns 0, or -1 when the server closed the
 * connection before the first byte (only allowed when `eof_ok`). */
static int read_all(uint8_t *bytes, size_t count, int eof_ok) {
    size_t done = 0;
    while (done < count) {
        int64_t left = deadline_ms - now_ms();
        if (left <= 0) {
            if (call_started) send_cancel();
            fail(EXIT_CALL_FAILED, "vdl.Timeout: no answer from the server within %llu ms",
                 (unsigned long long)(TIMEOUT_MICROS / 1000));
        }
        struct pollfd p = {.fd = sock, .events = POLLIN};
        int ready = poll(&p, 1, left > 60000 ? 60000 : (int)left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) fail(EXIT_PROTOCOL, "poll: %s", strerror(errno));
        if (ready == 0) continue;
        ssize_t n = read(sock, bytes + done, count - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(EXIT_PROTOCOL, "cannot read from the server: %s", strerror(errno));
        if (n == 0) {
            if (done == 0 && eof_ok) return -1;
            fail(EXIT_PROTOCOL, "the server closed the connection in the middle of a frame");
        }
        done += (size_t)n;
    }
    return 0;
}

/* ---- frames ---- */

/* Sends one frame: a 4-byte big-endian length, then the encoded wire.Frame. */
static void send_frame(const Wire__Frame *frame) {
    size_t size = wire__frame__get_packed_size(frame);
    uint32_t limit = peer_max_frame_size ? peer_max_frame_size : MAX_FRAME_SIZE;
    if (size > limit) {
        fail(EXIT_PROTOCOL, "a %s frame of %zu bytes exceeds the server's limit of %" PRIu32 " bytes",
             kind_name(frame->value_case), size, limit);
    }
    uint8_t *bytes = malloc(4 + size);
    if (!bytes) fail(EXIT_PROTOCOL, "out of memory");
    bytes[0] = (uint8_t)(size >> 24);
    bytes[1] = (uint8_t)(size >> 16);
    bytes[2] = (uint8_t)(size >> 8);
    bytes[3] = (uint8_t)size;
    if (wire__frame__pack(frame, bytes + 4) != size) fail(EXIT_PROTOCOL, "protobuf-c packed a different size");
    trace('>', bytes, 4 + size, kind_name(frame->value_case));
    write_all(bytes, 4 + size);
    free(bytes);
}

/* Reads one frame; NULL when the server closed the connection between frames. The length is
 * checked against this client's limit before anything else is read. */
static Wire__Frame *read_frame(void) {
    uint8_t prefix[4];
    if (read_all(prefix, 4, 1) < 0) return NULL;
    uint32_t length = (uint32_t)prefix[0] << 24 | (uint32_t)prefix[1] << 16 | (uint32_t)prefix[2] << 8 | prefix[3];
    if (length > MAX_FRAME_SIZE) {
        protocol_error("the server sent a frame of %" PRIu32 " bytes, more than our limit of %u", length, MAX_FRAME_SIZE);
    }
    uint8_t *bytes = malloc(4 + (size_t)length);
    if (!bytes) fail(EXIT_PROTOCOL, "out of memory");
    memcpy(bytes, prefix, 4);
    read_all(bytes + 4, length, 0);
    Wire__Frame *frame = wire__frame__unpack(NULL, length, bytes + 4);
    trace('<', bytes, 4 + (size_t)length, frame ? kind_name(frame->value_case) : "?");
    free(bytes);
    if (!frame) protocol_error("the server sent a frame that does not decode as wire.Frame");
    return frame;
}

static const char *text_or(const char *s, const char *fallback) {
    return s && *s ? s : fallback;
}

/* Tells the server it broke the protocol (GoAway with vdl.BadProtocol), then gives up. */
static void protocol_error(const char *format, ...) {
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    Vdl__Error error = VDL__ERROR__INIT;
    error.id = "vdl.BadProtocol";
    error.retry_action = VDL__RETRY_ACTION__RETRY_CONNECTION;
    error.message = message;
    Wire__GoAway go_away = WIRE__GO_AWAY__INIT;
    go_away.last_call_id = 0; /* a client takes no calls */
    go_away.error = &error;
    Wire__Frame frame = WIRE__FRAME__INIT;
    frame.value_case = WIRE__FRAME__VALUE_GO_AWAY;
    frame.go_away = &go_away;
    send_frame(&frame);
    fail(EXIT_PROTOCOL, "protocol error: %s", message);
}

/* ---- the call ---- */

enum method { ADD, GET, HAS };

static const char *method_names[] = {
    [ADD] = "examples/fortune.Fortune/Add",
    [GET] = "examples/fortune.Fortune/Get",
    [HAS] = "examples/fortune.Fortune/Has",
};

/* The encoded <Interface><Method>Request message; *count is its size. Caller frees. */
static uint8_t *encode_arguments(enum method method, const char *text, size_t *count) {
    uint8_t *bytes = NULL;
    switch (method) {
    case ADD: {
        Examples__Fortune__FortuneAddRequest request = EXAMPLES__FORTUNE__FORTUNE_ADD_REQUEST__INIT;
        request.fortune = (char *)text;
        *count = examples__fortune__fortune_add_request__get_packed_size(&request);
        bytes = malloc(*count + 1);
        if (bytes) examples__fortune__fortune_add_request__pack(&request, bytes);
        break;
    }
    case GET: {
        Examples__Fortune__FortuneGetRequest request = EXAMPLES__FORTUNE__FORTUNE_GET_REQUEST__INIT;
        *count = examples__fortune__fortune_get_request__get_packed_size(&request);
        bytes = malloc(*count + 1);
        if (bytes) examples__fortune__fortune_get_request__pack(&request, bytes);
        break;
    }
    case HAS: {
        Examples__Fortune__FortuneHasRequest request = EXAMPLES__FORTUNE__FORTUNE_HAS_REQUEST__INIT;
        request.fortune = (char *)text;
        *count = examples__fortune__fortune_has_request__get_packed_size(&request);
        bytes = malloc(*count + 1);
        if (bytes) examples__fortune__fortune_has_request__pack(&request, bytes);
        break;
    }
    }
    if (!bytes) fail(EXIT_PROTOCOL, "out of memory");
    return bytes;
}

/* Decodes the <Interface><Method>Response message and prints the result. */
static void print_results(enum method method, const ProtobufCBinaryData *results) {
    switch (method) {
    case ADD: {
        Examples__Fortune__FortuneAddResponse *response =
            examples__fortune__fortune_add_response__unpack(NULL, results->len, results->data);
        if (!response) protocol_error("the results of %s do not decode", method_names[method]);
        examples__fortune__fortune_add_response__free_unpacked(response, NULL);
        break;
    }
    case GET: {
        Examples__Fortune__FortuneGetResponse *response =
            examples__fortune__fortune_get_response__unpack(NULL, results->len, results->data);
        if (!response) protocol_error("the results of %s do not decode", method_names[method]);
        printf("%s\n", response->fortune);
        examples__fortune__fortune_get_response__free_unpacked(response, NULL);
        break;
    }
    case HAS: {
        Examples__Fortune__FortuneHasResponse *response =
            examples__fortune__fortune_has_response__unpack(NULL, results->len, results->data);
        if (!response) protocol_error("the results of %s do not decode", method_names[method]);
        printf("%s\n", response->result ? "true" : "false");
        examples__fortune__fortune_has_response__free_unpacked(response, NULL);
        break;
    }
    }
}

static void connect_tcp(const char *host, const char *port) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *addresses;
    int status = getaddrinfo(host, port, &hints, &addresses);
    if (status != 0) fail(EXIT_PROTOCOL, "cannot resolve %s:%s: %s", host, port, gai_strerror(status));
    int last_error = 0;
    for (struct addrinfo *a = addresses; a; a = a->ai_next) {
        sock = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (sock < 0) { last_error = errno; continue; }
        if (connect(sock, a->ai_addr, a->ai_addrlen) == 0) break;
        last_error = errno;
        close(sock);
        sock = -1;
    }
    freeaddrinfo(addresses);
    if (sock < 0) fail(EXIT_PROTOCOL, "cannot connect to %s:%s: %s", host, port, strerror(last_error));
    int one = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Hello both ways: ours first, then the server's (or a GoAway refusing us). */
static void handshake(void) {
    uint32_t versions[] = {PROTOCOL_VERSION};
    Wire__Hello hello = WIRE__HELLO__INIT;
    hello.n_versions = 1;
    hello.versions = versions;
    hello.max_frame_size = MAX_FRAME_SIZE;
    hello.initial_window = INITIAL_WINDOW;
    hello.agent = AGENT;
    Wire__Frame frame = WIRE__FRAME__INIT;
    frame.value_case = WIRE__FRAME__VALUE_HELLO;
    frame.hello = &hello;
    send_frame(&frame);

    Wire__Frame *reply = read_frame();
    if (!reply) fail(EXIT_PROTOCOL, "the server closed the connection before its Hello");
    switch (reply->value_case) {
    case WIRE__FRAME__VALUE_HELLO: {
        Wire__Hello *h = reply->hello;
        if (h->n_versions != 1 || h->versions[0] != PROTOCOL_VERSION) {
            protocol_error("the server's Hello must choose version %u", PROTOCOL_VERSION);
        }
        if (h->max_frame_size == 0) protocol_error("the server's Hello has no max_frame_size");
        peer_max_frame_size = h->max_frame_size;
        break;
    }
    case WIRE__FRAME__VALUE_GO_AWAY: {
        Vdl__Error *e = reply->go_away->error;
        fail(EXIT_CALL_FAILED, "the server refused the connection: %s: %s",
             e ? text_or(e->id, "(no id)") : "(no error)", e ? e->message : "");
    }
    default:
        protocol_error("expected Hello from the server, got %s", kind_name(reply->value_case));
    }
    wire__frame__free_unpacked(reply, NULL);
}

int main(int argc, char **argv) {
    if (argc < 4) usage();
    enum method method;
    const char *text = "";
    if (strcmp(argv[3], "add") == 0 && argc == 5) method = ADD, text = argv[4];
    else if (strcmp(argv[3], "get") == 0 && argc == 4) method = GET;
    else if (strcmp(argv[3], "has") == 0 && argc == 5) method = HAS, text = argv[4];
    else usage();
    if (!valid_utf8((const unsigned char *)text)) {
        fprintf(stderr, "fortune-c: TEXT is not valid UTF-8\n");
        return EXIT_USAGE;
    }
    trace_frames = getenv("FORTUNE_C_TRACE") != NULL && *getenv("FORTUNE_C_TRACE") != '\0';
    deadline_ms = now_ms() + (int64_t)(TIMEOUT_MICROS / 1000) + GRACE_MILLIS;

    connect_tcp(argv[1], argv[2]);
    handshake();

    /* The Request: unary, so end_of_stream is true and no Data frames follow. */
    size_t argument_count;
    uint8_t *arguments = encode_arguments(method, text, &argument_count);
    Wire__Request request = WIRE__REQUEST__INIT;
    request.call_id = CALL_ID;
    request.method = (char *)method_names[method];
    request.object = "";
    request.timeout_micros = TIMEOUT_MICROS;
    request.arguments.len = argument_count;
    request.arguments.data = arguments;
    request.end_of_stream = 1;
    Wire__Frame frame = WIRE__FRAME__INIT;
    frame.value_case = WIRE__FRAME__VALUE_REQUEST;
    frame.request = &request;
    send_frame(&frame);
    call_started = 1;
    free(arguments);

    /* Frames until the call's Response or Failure. */
    for (;;) {
        Wire__Frame *in = read_frame();
        if (!in) fail(EXIT_PROTOCOL, "the server closed the connection before answering the call");
        switch (in->value_case) {
        case WIRE__FRAME__VALUE_RESPONSE:
            if (in->response->call_id == CALL_ID) {
                print_results(method, &in->response->results);
                wire__frame__free_unpacked(in, NULL);
                close(sock);
                return 0;
            }
            break; /* not a call of ours: ignore */
        case WIRE__FRAME__VALUE_FAILURE:
            if (in->failure->call_id == CALL_ID) {
                Vdl__Error *e = in->failure->error;
                if (!e) fail(EXIT_CALL_FAILED, "vdl.Internal: the server failed the call without an error");
                fail(EXIT_CALL_FAILED, "%s: %s", text_or(e->id, "(no id)"), e->message);
            }
            break;
        case WIRE__FRAME__VALUE_DATA:
            /* A unary method has no server stream; items of other calls cannot exist here. */
            if (in->data->call_id == CALL_ID && in->data->has_item) {
                protocol_error("the server streamed an item to the unary call %s", method_names[method]);
            }
            break;
        case WIRE__FRAME__VALUE_CREDIT:
            break; /* this client streams nothing */
        case WIRE__FRAME__VALUE_PING:
            if (!in->ping->ack) {
                Wire__Ping pong = WIRE__PING__INIT;
                pong.payload = in->ping->payload;
                pong.ack = 1;
                Wire__Frame answer = WIRE__FRAME__INIT;
                answer.value_case = WIRE__FRAME__VALUE_PING;
                answer.ping = &pong;
                send_frame(&answer);
            }
            break;
        case WIRE__FRAME__VALUE_GO_AWAY: {
            Vdl__Error *e = in->go_away->error;
            if (e) {
                fail(EXIT_CALL_FAILED, "the server closed the connection: %s: %s", text_or(e->id, "(no id)"), e->message);
            }
            if (in->go_away->last_call_id < CALL_ID) {
                fail(EXIT_CALL_FAILED, "vdl.Unavailable: the server is shutting down and did not take the call "
                     "(it may be retried on a new connection)");
            }
            break; /* our call was taken: it still finishes */
        }
        default:
            protocol_error("unexpected %s frame from a server", kind_name(in->value_case));
        }
        wire__frame__free_unpacked(in, NULL);
    }
}
