// SPDX-License-Identifier: MIT
/*
 * A small open-addressing hash index from three 32-bit words to a 32-bit value. Rows, vrings
 * and names are found through it on every event, so a lookup is one hash and, at a load factor
 * of at most one half, usually one probe. It only grows; rows are never removed.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

static uint32_t key_hash(uint32_t a, uint32_t b, uint32_t c)
{
	/* splitmix64 finaliser over the packed words: cheap and spreads sequential addresses */
	uint64_t x = ((uint64_t)a << 32 | b) ^ ((uint64_t)c * 0x9e3779b97f4a7c15ull);

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return (uint32_t)x;
}

void key_index_free(struct key_index *ki)
{
	free(ki->slots);
	ki->slots = NULL;
	ki->capacity = 0;
	ki->used = 0;
}

int64_t key_index_find(const struct key_index *ki, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t mask, i;

	if (!ki->capacity)
		return -1;
	mask = ki->capacity - 1;
	for (i = key_hash(a, b, c) & mask;; i = (i + 1) & mask) {
		const struct key_slot *s = &ki->slots[i];

		if (!s->value_plus_one)
			return -1;
		if (s->a == a && s->b == b && s->c == c)
			return s->value_plus_one - 1;
	}
}

static void place(struct key_slot *slots, uint32_t mask, const struct key_slot *item)
{
	uint32_t i = key_hash(item->a, item->b, item->c) & mask;

	while (slots[i].value_plus_one)
		i = (i + 1) & mask;
	slots[i] = *item;
}

static int grow(struct key_index *ki)
{
	uint32_t cap = ki->capacity ? ki->capacity * 2 : 64;
	struct key_slot *slots;
	uint32_t i;

	if (cap < ki->capacity)
		return -ENOMEM;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (i = 0; i < ki->capacity; i++)
		if (ki->slots[i].value_plus_one)
			place(slots, cap - 1, &ki->slots[i]);
	free(ki->slots);
	ki->slots = slots;
	ki->capacity = cap;
	return 0;
}

int key_index_insert(struct key_index *ki, uint32_t a, uint32_t b, uint32_t c, uint32_t value)
{
	struct key_slot item = {a, b, c, value + 1};
	int err;

	if (value == UINT32_MAX)
		return -ENOMEM;
	/* keep the load at most one half so probes stay short */
	if ((ki->used + 1) * 2 > ki->capacity) {
		err = grow(ki);
		if (err)
			return err;
	}
	place(ki->slots, ki->capacity - 1, &item);
	ki->used++;
	return 0;
}
