package dev.ferry.server;

import org.apache.commons.net.ftp.FTPClient;

/** The four ways Commons Net opens a data connection, each named by the verb it sends. */
enum DataMode {
    PASV("PASV") {
        @Override
        void apply(FTPClient client) {
            client.enterLocalPassiveMode();
            client.setUseEPSVwithIPv4(false);
        }
    },
    EPSV("EPSV") {
        @Override
        void apply(FTPClient client) {
            client.enterLocalPassiveMode();
            client.setUseEPSVwithIPv4(true);
        }
    },
    PORT("PORT") {
        @Override
        void apply(FTPClient client) {
            client.enterLocalActiveMode();
            ((CommonsNetClient) client).setUseEprtWithIpv4(false);
        }
    },
    EPRT("EPRT") {
        @Override
        void apply(FTPClient client) {
            client.enterLocalActiveMode();
            ((CommonsNetClient) client).setUseEprtWithIpv4(true);
        }
    };

    private final String verb;

    DataMode(String verb) {
        this.verb = verb;
    }

    /** The command that prepares each data connection in this mode. */
    String verb() {
        return verb;
    }

    abstract void apply(FTPClient client);
}
