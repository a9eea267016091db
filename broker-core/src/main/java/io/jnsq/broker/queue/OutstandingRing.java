package io.jnsq.broker.queue;

/**
 * Where each record handed out and not yet committed past begins, by token. Tokens are issued in
 * increasing order, so the entry of a token sits at {@code token - firstToken} from the head: an
 * acknowledgement costs O(1) whatever the number outstanding, and the head moves past every
 * acknowledged entry it reaches. Not thread-safe: the queue guards it.
 */
final class OutstandingRing {

    private static final int INITIAL_CAPACITY = 64;

    private long[] fileNums = new long[INITIAL_CAPACITY];
    private long[] positions = new long[INITIAL_CAPACITY];
    private boolean[] acknowledged = new boolean[INITIAL_CAPACITY];
    private int head;
    private int size;
    /** Token of the head entry; the next token issued is {@code firstToken + size}. */
    private long firstToken;

    /** Records a record taken from {@code fileNum} at {@code pos} and returns its token. */
    long add(long fileNum, long pos) {
        if (size == fileNums.length) {
            grow();
        }
        int index = (head + size) & (fileNums.length - 1);
        fileNums[index] = fileNum;
        positions[index] = pos;
        acknowledged[index] = false;
        size++;
        return firstToken + size - 1;
    }

    /**
     * Marks the token's record done; unknown and repeated tokens are ignored.
     *
     * @return whether the head moved (the committed position may advance)
     */
    boolean acknowledge(long token) {
        long offset = token - firstToken;
        if (offset < 0 || offset >= size) {
            return false;
        }
        int mask = fileNums.length - 1;
        acknowledged[(int) ((head + offset) & mask)] = true;
        if (offset != 0) {
            return false;
        }
        while (size > 0 && acknowledged[head]) {
            head = (head + 1) & mask;
            size--;
            firstToken++;
        }
        return true;
    }

    /** Whether the token was handed out and is not yet behind the head. */
    boolean contains(long token) {
        long offset = token - firstToken;
        return offset >= 0 && offset < size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** File number of the oldest record outstanding; only when not empty. */
    long oldestFileNum() {
        return fileNums[head];
    }

    /** Position of the oldest record outstanding; only when not empty. */
    long oldestPos() {
        return positions[head];
    }

    /** Forgets every entry; tokens issued so far are unknown from now on. */
    void clear() {
        firstToken += size;
        head = 0;
        size = 0;
    }

    private void grow() {
        int capacity = fileNums.length * 2;
        long[] newFileNums = new long[capacity];
        long[] newPositions = new long[capacity];
        boolean[] newAcknowledged = new boolean[capacity];
        int firstPart = Math.min(size, fileNums.length - head);
        System.arraycopy(fileNums, head, newFileNums, 0, firstPart);
        System.arraycopy(positions, head, newPositions, 0, firstPart);
        System.arraycopy(acknowledged, head, newAcknowledged, 0, firstPart);
        System.arraycopy(fileNums, 0, newFileNums, firstPart, size - firstPart);
        System.arraycopy(positions, 0, newPositions, firstPart, size - firstPart);
        System.arraycopy(acknowledged, 0, newAcknowledged, firstPart, size - firstPart);
        fileNums = newFileNums;
        positions = newPositions;
        acknowledged = newAcknowledged;
        head = 0;
    }
}
