# A UDP counterpart of the cookbook's receiver (the cookbook prints only the TCP one): each datagram is
# CPython's DatagramHandler frame (4-byte length, then the pickled attribute dict), logged locally.
import logging, pickle, socket, sys

logging.basicConfig(format='%(relativeCreated)5d %(name)-15s %(levelname)-8s %(message)s')
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('127.0.0.1', 0))
print('port %d' % sock.getsockname()[1], flush=True)
for _ in range(int(sys.argv[1])):
    data, _ = sock.recvfrom(65536)
    record = logging.makeLogRecord(pickle.loads(data[4:]))
    logging.getLogger(record.name).handle(record)
