package dev.metalora.kernel.channels;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import org.zeromq.ZMQ;

import java.lang.reflect.Field;
import java.security.GeneralSecurityException;

/**
 * basekernel's connection with its shell and control channels replaced by
 * {@link GuardedShellChannel}s (before anything is bound). Every socket binds to exactly the
 * transport and address of the connection file (loopback when Jupyter starts the kernel).
 */
public final class GuardedConnection extends JupyterConnection {

    public GuardedConnection(KernelConnectionProperties props) throws GeneralSecurityException {
        super(props);
        HMACGenerator hmac = props.createHMACGenerator();
        ZMQ.Context context = (ZMQ.Context) read("ctx");
        replace("shell", new GuardedShellChannel(context, hmac, false, this));
        replace("control", new GuardedShellChannel(context, hmac, true, this));
    }

    private Object read(String field) {
        try {
            Field f = JupyterConnection.class.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("basekernel changed: no field " + field + " in JupyterConnection", e);
        }
    }

    private void replace(String field, ShellChannel channel) {
        try {
            Field f = JupyterConnection.class.getDeclaredField(field);
            f.setAccessible(true);
            ((ShellChannel) f.get(this)).close();
            f.set(this, channel);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("basekernel changed: cannot replace " + field + " in JupyterConnection", e);
        }
    }
}
