/*
 * codec-roundtrip: libprotobuf-c's view of the generated testing/features, vdl and
 * security/access messages, for the byte-compatibility tests of the Swift codec.
 *
 *   codec-roundtrip repack TYPE   read TYPE's encoding on stdin, unpack it, pack it again to stdout
 *   codec-roundtrip dump TYPE     read TYPE's encoding on stdin, print every field as text
 *   codec-roundtrip build         write a testing.features.Everything built here, every field set
 *
 * TYPE is a full proto name: testing.features.Everything, vdl.Error, security.access.AccessList, ...
 * Input that does not decode, or that has fields protobuf-c does not know, exits 1.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "security/access/access.pb-c.h"
#include "testing/features/features.pb-c.h"
#include "vdl/vdl.pb-c.h"

static const ProtobufCMessageDescriptor *const known_types[] = {
    &testing__features__point__descriptor,
    &testing__features__shape__descriptor,
    &testing__features__tree__descriptor,
    &testing__features__everything__descriptor,
    &testing__features__versioned__descriptor,
    &testing__features__list_of_point__descriptor,
    &testing__features__optional_of_tree__descriptor,
    &testing__features__list_of_int16__descriptor,
    &testing__features__list_of_int32__descriptor,
    &testing__features__map_of_point_to_string_entry__descriptor,
    &testing__features__base_ping_request__descriptor,
    &testing__features__store_put_request__descriptor,
    &testing__features__store_lookup_response__descriptor,
    &testing__features__store_upload_client_stream__descriptor,
    &testing__features__store_watch_server_stream__descriptor,
    &testing__features__store_chat_server_stream__descriptor,
    &vdl__any__descriptor,
    &vdl__error__descriptor,
    &security__access__access_list__descriptor,
};

static void die(const char *message) {
    fprintf(stderr, "codec-roundtrip: %s\n", message);
    exit(1);
}

static const ProtobufCMessageDescriptor *find_type(const char *name) {
    for (size_t i = 0; i < sizeof known_types / sizeof known_types[0]; i++) {
        if (strcmp(known_types[i]->name, name) == 0) return known_types[i];
    }
    fprintf(stderr, "codec-roundtrip: unknown type %s\n", name);
    exit(2);
}

static uint8_t *read_stdin(size_t *count) {
    size_t capacity = 4096, used = 0;
    uint8_t *bytes = malloc(capacity);
    if (!bytes) die("out of memory");
    for (;;) {
        if (used == capacity) {
            capacity *= 2;
            bytes = realloc(bytes, capacity);
            if (!bytes) die("out of memory");
        }
        size_t n = fread(bytes + used, 1, capacity - used, stdin);
        used += n;
        if (n == 0) break;
    }
    if (ferror(stdin)) die("cannot read stdin");
    *count = used;
    return bytes;
}

static void write_stdout(const uint8_t *bytes, size_t count) {
    if (fwrite(bytes, 1, count, stdout) != count || fflush(stdout) != 0) die("cannot write stdout");
}

/* ---- walking a message through its descriptor ---- */

#define MEMBER(message, offset, type) ((type *)((char *)(message) + (offset)))

/* Counts fields protobuf-c did not recognize, in the message and everything it holds. */
static size_t unknown_fields(const ProtobufCMessage *message) {
    size_t count = message->n_unknown_fields;
    const ProtobufCMessageDescriptor *d = message->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *MEMBER(message, f->quantifier_offset, size_t);
            ProtobufCMessage **elements = *MEMBER(message, f->offset, ProtobufCMessage **);
            for (size_t j = 0; j < n; j++) count += unknown_fields(elements[j]);
        } else {
            if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && *MEMBER(message, f->quantifier_offset, uint32_t) != f->id) continue;
            const ProtobufCMessage *sub = *MEMBER(message, f->offset, ProtobufCMessage *);
            if (sub) count += unknown_fields(sub);
        }
    }
    return count;
}

static void indent(int depth) {
    for (int i = 0; i < depth; i++) fputs("  ", stdout);
}

static void print_string(const uint8_t *s, size_t n) {
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c >= 0x20 && c < 0x7f) putchar(c);
        else printf("\\x%02x", c);
    }
    putchar('"');
}

static void dump_message(const ProtobufCMessage *message, int depth);

/* Prints one value of field f stored at `value`; messages go on their own lines. */
static void dump_value(const ProtobufCFieldDescriptor *f, const void *value, int depth) {
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32: printf("%" PRId32, *(const int32_t *)value); break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32: printf("%" PRIu32, *(const uint32_t *)value); break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64: printf("%" PRId64, *(const int64_t *)value); break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64: printf("%" PRIu64, *(const uint64_t *)value); break;
    case PROTOBUF_C_TYPE_FLOAT: printf("%.9g", (double)*(const float *)value); break;
    case PROTOBUF_C_TYPE_DOUBLE: printf("%.17g", *(const double *)value); break;
    case PROTOBUF_C_TYPE_BOOL: fputs(*(const protobuf_c_boolean *)value ? "true" : "false", stdout); break;
    case PROTOBUF_C_TYPE_ENUM: {
        int number = *(const int *)value;
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(f->descriptor, number);
        if (v) fputs(v->name, stdout);
        else printf("%d", number);
        break;
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)value;
        print_string((const uint8_t *)s, strlen(s));
        break;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *b = value;
        fputs("0x", stdout);
        for (size_t i = 0; i < b->len; i++) printf("%02x", b->data[i]);
        break;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)value;
        if (!sub) {
            fputs("null", stdout);
            break;
        }
        fputs("{\n", stdout);
        dump_message(sub, depth + 1);
        indent(depth);
        putchar('}');
        break;
    }
    }
}

static size_t element_size(ProtobufCType type) {
    switch (type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32: return 4;
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: return 8;
    case PROTOBUF_C_TYPE_FLOAT: return sizeof(float);
    case PROTOBUF_C_TYPE_DOUBLE: return sizeof(double);
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_ENUM: return sizeof(int);
    case PROTOBUF_C_TYPE_STRING: return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE: return sizeof(ProtobufCMessage *);
    }
    return 0;
}

/* Every field in declaration order, "name: value", zero values included; a repeated field one
 * "name[i]: value" line per element ("name: []" when empty); a oneof only its active arm. */
static void dump_message(const ProtobufCMessage *message, int depth) {
    const ProtobufCMessageDescriptor *d = message->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t active = *MEMBER(message, f->quantifier_offset, uint32_t);
            if (active != f->id) {
                /* Say so once per oneof when no arm is set. */
                int first = i == 0 || !(d->fields[i - 1].flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
                            d->fields[i - 1].quantifier_offset != f->quantifier_offset;
                if (first && active == 0) {
                    indent(depth);
                    fputs("(no oneof arm)\n", stdout);
                }
                continue;
            }
        }
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *MEMBER(message, f->quantifier_offset, size_t);
            const char *elements = *MEMBER(message, f->offset, char *);
            if (n == 0) {
                indent(depth);
                printf("%s: []\n", f->name);
            }
            for (size_t j = 0; j < n; j++) {
                indent(depth);
                printf("%s[%zu]: ", f->name, j);
                dump_value(f, elements + j * element_size(f->type), depth);
                putchar('\n');
            }
        } else {
            indent(depth);
            printf("%s: ", f->name);
            dump_value(f, (const char *)message + f->offset, depth);
            putchar('\n');
        }
    }
    if (message->n_unknown_fields > 0) {
        indent(depth);
        printf("(%u unknown fields)\n", message->n_unknown_fields);
    }
}

/* ---- an Everything built in C ---- */

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static void build(void) {
    Testing__Features__Everything e = TESTING__FEATURES__EVERYTHING__INIT;
    e.b = 1;
    e.byte = 255;
    e.i8 = -128;
    e.i16 = 32767;
    e.i32 = INT32_MIN;
    e.i64 = -1;
    e.u16 = 1;
    e.u32 = UINT32_MAX;
    e.u64 = UINT64_MAX;
    e.f32 = -3.25f;
    e.f64 = 1e300;
    e.s = "C says h\xc3\xa9llo";
    static uint8_t bytes[] = {0xde, 0xad, 0x00, 0xbe, 0xef};
    e.bytes.data = bytes;
    e.bytes.len = sizeof bytes;
    static uint8_t hash[] = {1, 2, 3, 4};
    e.hash.data = hash;
    e.hash.len = sizeof hash;
    e.name = "bob";
    e.flags = 1;
    e.ratio = 0.125f;
    e.color = TESTING__FEATURES__COLOR__COLOR_GREEN;

    Testing__Features__Point point = TESTING__FEATURES__POINT__INIT;
    point.x = -1;
    point.y = INT32_MAX;
    e.point = &point;

    /* shape: the nested arm, an optional tree with a left branch and two children. */
    Testing__Features__Tree left = TESTING__FEATURES__TREE__INIT;
    left.value = 1;
    Testing__Features__Tree child0 = TESTING__FEATURES__TREE__INIT;
    child0.value = 2;
    Testing__Features__Tree child1 = TESTING__FEATURES__TREE__INIT;
    Testing__Features__Tree *children[] = {&child0, &child1};
    Testing__Features__Tree tree = TESTING__FEATURES__TREE__INIT;
    tree.value = -7;
    tree.left = &left;
    tree.n_children = COUNT(children);
    tree.children = children;
    Testing__Features__OptionalOfTree nested = TESTING__FEATURES__OPTIONAL_OF_TREE__INIT;
    nested.value = &tree;
    Testing__Features__Shape shape = TESTING__FEATURES__SHAPE__INIT;
    shape.value_case = TESTING__FEATURES__SHAPE__VALUE_NESTED;
    shape.nested = &nested;
    e.shape = &shape;

    /* maybe_point: present and zero. */
    Testing__Features__Point origin = TESTING__FEATURES__POINT__INIT;
    e.maybe_point = &origin;

    static char *list[] = {"x", "", "z"};
    e.n_list = COUNT(list);
    e.list = list;

    Testing__Features__ListOfInt32 row0 = TESTING__FEATURES__LIST_OF_INT32__INIT;
    static int32_t row1_values[] = {-1, 0, 1};
    Testing__Features__ListOfInt32 row1 = TESTING__FEATURES__LIST_OF_INT32__INIT;
    row1.n_value = COUNT(row1_values);
    row1.value = row1_values;
    Testing__Features__ListOfInt32 *matrix[] = {&row0, &row1};
    e.n_matrix = COUNT(matrix);
    e.matrix = matrix;

    static int32_t grid0_values[] = {1, 2, 3}, grid1_values[] = {-4, 5, -6};
    Testing__Features__ListOfInt16 grid0 = TESTING__FEATURES__LIST_OF_INT16__INIT;
    grid0.n_value = 3;
    grid0.value = grid0_values;
    Testing__Features__ListOfInt16 grid1 = TESTING__FEATURES__LIST_OF_INT16__INIT;
    grid1.n_value = 3;
    grid1.value = grid1_values;
    Testing__Features__ListOfInt16 *grid[] = {&grid0, &grid1};
    e.n_grid = COUNT(grid);
    e.grid = grid;

    /* Sets and maps in the canonical order (sorted by encoded element / key field bytes). */
    static char *set[] = {"a", "b"};
    e.n_set = COUNT(set);
    e.set = set;
    static Testing__Features__Color colors[] = {TESTING__FEATURES__COLOR__COLOR_RED, TESTING__FEATURES__COLOR__COLOR_BLUE};
    e.n_colors = COUNT(colors);
    e.colors = colors;

    Testing__Features__Everything__MapEntry map_a = TESTING__FEATURES__EVERYTHING__MAP_ENTRY__INIT;
    map_a.key = "a";
    map_a.value = -1;
    Testing__Features__Everything__MapEntry map_b = TESTING__FEATURES__EVERYTHING__MAP_ENTRY__INIT;
    map_b.key = "b";
    map_b.value = INT64_MAX;
    Testing__Features__Everything__MapEntry map_zero = TESTING__FEATURES__EVERYTHING__MAP_ENTRY__INIT;
    map_zero.key = "zero";
    map_zero.value = 0;
    Testing__Features__Everything__MapEntry *map[] = {&map_a, &map_b, &map_zero};
    e.n_map = COUNT(map);
    e.map = map;

    Testing__Features__Everything__DeepEntry deep_e = TESTING__FEATURES__EVERYTHING__DEEP_ENTRY__INIT;
    deep_e.key = "e"; /* no value: the empty list */
    Testing__Features__Point deep_point = TESTING__FEATURES__POINT__INIT;
    deep_point.x = 1;
    deep_point.y = 1;
    Testing__Features__Point *deep_points[] = {&deep_point};
    Testing__Features__ListOfPoint deep_list = TESTING__FEATURES__LIST_OF_POINT__INIT;
    deep_list.n_value = 1;
    deep_list.value = deep_points;
    Testing__Features__Everything__DeepEntry deep_k = TESTING__FEATURES__EVERYTHING__DEEP_ENTRY__INIT;
    deep_k.key = "k";
    deep_k.value = &deep_list;
    Testing__Features__Everything__DeepEntry *deep[] = {&deep_e, &deep_k};
    e.n_deep = COUNT(deep);
    e.deep = deep;

    Testing__Features__MapOfPointToStringEntry lookup_origin = TESTING__FEATURES__MAP_OF_POINT_TO_STRING_ENTRY__INIT;
    lookup_origin.value = "origin"; /* the zero key is not written */
    Testing__Features__Point lookup_key = TESTING__FEATURES__POINT__INIT;
    lookup_key.x = 1;
    lookup_key.y = -1;
    Testing__Features__MapOfPointToStringEntry lookup_p = TESTING__FEATURES__MAP_OF_POINT_TO_STRING_ENTRY__INIT;
    lookup_p.key = &lookup_key;
    lookup_p.value = "p";
    Testing__Features__MapOfPointToStringEntry *lookup[] = {&lookup_origin, &lookup_p};
    e.n_lookup = COUNT(lookup);
    e.lookup = lookup;

    static uint64_t ids[] = {0, 1, UINT64_MAX};
    e.n_ids = COUNT(ids);
    e.ids = ids;

    /* any: a testing/features.Point{X: 1, Y: 2}, encoded as { Point value = 1; }. */
    static uint8_t any_value[] = {0x0a, 0x04, 0x08, 0x02, 0x10, 0x04};
    Vdl__Any any = VDL__ANY__INIT;
    any.type = "testing/features.Point";
    any.value.data = any_value;
    any.value.len = sizeof any_value;
    e.any = &any;

    /* err: NotFound("x", 3) with a retry action of its own. */
    static uint8_t name_value[] = {0x0a, 0x01, 'x'};
    static uint8_t code_value[] = {0x08, 0x06};
    Vdl__Any name_param = VDL__ANY__INIT;
    name_param.type = "string";
    name_param.value.data = name_value;
    name_param.value.len = sizeof name_value;
    Vdl__Any code_param = VDL__ANY__INIT;
    code_param.type = "int32";
    code_param.value.data = code_value;
    code_param.value.len = sizeof code_value;
    Vdl__Any *params[] = {&name_param, &code_param};
    Vdl__Error err = VDL__ERROR__INIT;
    err.id = "testing/features.NotFound";
    err.retry_action = VDL__RETRY_ACTION__RETRY_REFETCH;
    err.message = "x not found (code 3)";
    err.n_params = COUNT(params);
    err.params = params;
    e.err = &err;

    e.type = "map[string][]testing/features.Point";
    e.tag = "Admin";

    static char *admin_in[] = {"root"};
    Security__Access__AccessList admin = SECURITY__ACCESS__ACCESS_LIST__INIT;
    admin.n_in = COUNT(admin_in);
    admin.in = admin_in;
    static char *read_in[] = {"..."}, *read_not_in[] = {"root:bad"};
    Security__Access__AccessList read = SECURITY__ACCESS__ACCESS_LIST__INIT;
    read.n_in = COUNT(read_in);
    read.in = read_in;
    read.n_not_in = COUNT(read_not_in);
    read.not_in = read_not_in;
    Testing__Features__Everything__PermsEntry perms_admin = TESTING__FEATURES__EVERYTHING__PERMS_ENTRY__INIT;
    perms_admin.key = "Admin";
    perms_admin.value = &admin;
    Testing__Features__Everything__PermsEntry perms_read = TESTING__FEATURES__EVERYTHING__PERMS_ENTRY__INIT;
    perms_read.key = "Read";
    perms_read.value = &read;
    /* The key field of "Read" (0a 04 ...) sorts before that of "Admin" (0a 05 ...). */
    Testing__Features__Everything__PermsEntry *perms[] = {&perms_read, &perms_admin};
    e.n_perms = COUNT(perms);
    e.perms = perms;

    e.pinned = "pinned";

    size_t size = testing__features__everything__get_packed_size(&e);
    uint8_t *out = malloc(size + 1);
    if (!out) die("out of memory");
    if (testing__features__everything__pack(&e, out) != size) die("protobuf-c packed a different size");
    write_stdout(out, size);
    free(out);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "build") == 0) {
        build();
        return 0;
    }
    if (argc != 3 || (strcmp(argv[1], "repack") != 0 && strcmp(argv[1], "dump") != 0)) {
        fprintf(stderr, "usage: codec-roundtrip repack TYPE | dump TYPE | build\n");
        return 2;
    }
    const ProtobufCMessageDescriptor *type = find_type(argv[2]);
    size_t count;
    uint8_t *input = read_stdin(&count);
    ProtobufCMessage *message = protobuf_c_message_unpack(type, NULL, count, input);
    if (!message) die("protobuf-c cannot unpack the input");
    if (strcmp(argv[1], "dump") == 0) {
        dump_message(message, 0);
        if (fflush(stdout) != 0) die("cannot write stdout");
    } else {
        size_t unknown = unknown_fields(message);
        if (unknown > 0) {
            fprintf(stderr, "codec-roundtrip: the input has %zu fields protobuf-c does not know\n", unknown);
            return 1;
        }
        size_t size = protobuf_c_message_get_packed_size(message);
        uint8_t *out = malloc(size + 1);
        if (!out) die("out of memory");
        if (protobuf_c_message_pack(message, out) != size) die("protobuf-c packed a different size");
        write_stdout(out, size);
        free(out);
    }
    protobuf_c_message_free_unpacked(message, NULL);
    free(input);
    return 0;
}
