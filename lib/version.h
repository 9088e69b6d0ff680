#ifndef FD_VERSION_H
#define FD_VERSION_H
#define FD_NAME "frontdesk"
#define FD_VERSION "0.1.0"
#endif
